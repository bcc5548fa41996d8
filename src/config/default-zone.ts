import { DateTime } from 'luxon';

/** The alliance's own time zone: every venue's and centre's default, and the one pages need not name. */
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

/**
 * The calendar year at an instant, as the alliance counts it: in Shanghai, where New Year comes
 * eight hours before it does in UTC (31 December 17:00 UTC is already 1 January there).
 */
export const allianceYear = (ms: number) => DateTime.fromMillis(ms, { zone: DEFAULT_TIMEZONE }).year;
