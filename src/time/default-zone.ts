/** The alliance's own time zone: every venue's and centre's default, and the one pages need not name. */
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';
