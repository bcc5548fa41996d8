import { html, type SafeHtml } from '../../http/html.js';
import { DEFAULT_TIMEZONE } from '../../config/default-zone.js';
import { words } from './layout.js';
import type { Visitor } from './visitor.js';

/** The zones the alliance's venues and partners are most likely in, offered first. */
const COMMON = [DEFAULT_TIMEZONE, 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'Asia/Seoul', 'Europe/London', 'Europe/Berlin', 'Europe/Paris', 'America/New_York', 'America/Los_Angeles', 'Australia/Sydney'];
/** Every IANA zone this Node knows (the same list luxon checks against). */
const ALL = Intl.supportedValuesOf('timeZone');

/** A time zone chosen from a list, not typed: the common ones first, then every zone A–Z. */
export function zoneSelect(visitor: Visitor, name: string, selected: string | undefined): SafeHtml {
  const chosen = selected || DEFAULT_TIMEZONE;
  const option = (zone: string) => html`<option value="${zone}"${zone === chosen ? html` selected` : ''}>${zone.replace(/_/g, ' ')}</option>`;
  // A zone not in this Node's list (an alias kept from before) still shows, selected, rather than silently changing.
  const unknown = ALL.includes(chosen) || COMMON.includes(chosen) ? '' : option(chosen);
  return html`<select id="${name}" name="${name}">${unknown}<optgroup label="${words(visitor, 'zonesCommon')}">${COMMON.map(option)}</optgroup><optgroup label="${words(visitor, 'zonesAll')}">${ALL.filter((z) => !COMMON.includes(z)).map(option)}</optgroup></select>`;
}
