import { t, type MessageKey } from '../i18n/translate.js';
import type { OwnDbDeps } from '../services/service-deps.js';
import { DateTime } from 'luxon';
import type { Principal } from '../auth/principal.js';
import type { Db } from '../db/database.js';
import type { Language } from '../db/schema.js';
import { approvedBookingsIn, eventsHeld, feedbackCounts, seatCounts, sentCounts, venuesOfPark } from './reports-dal.js';
import { organizationNamesOf } from '../organizations/organizations-service.js';
import { feedbackFigures, noFeedback } from '../feedback/feedback-figures.js';
import { BadRequestError } from '../errors/http-errors.js';
import { openingIntervals } from '../time/opening-hours.js';
import { nowDate, nowMs } from '../time/clock.js';
import { forSpreadsheet, toCsv } from '../http/csv.js';
import { roundTo } from '../util/round-to.js';
import { HOUR_MS, hoursBetween } from '../time/intervals.js';
import { DEFAULT_TIMEZONE } from '../config/default-zone.js';

/** The alliance's own zone: report days and months are Shanghai days and months. */
export const REPORT_ZONE = DEFAULT_TIMEZONE;
const MAX_DAYS = 3 * 366;

export type GroupBy = 'park' | 'organization' | 'month';

export interface ImpactQuery {
  from?: string;
  to?: string;
  groupBy?: GroupBy;
}

export interface ImpactFigures {
  /** Events that took place (completed, or published and over). */
  eventsHeld: number;
  /** Seats taken at those events: confirmed or checked in. */
  registrations: number;
  checkIns: number;
  /** Share of registrations that did not check in; null without registrations. */
  noShowRate: number | null;
  /** Notices that reached a person (subscribers and attendees): the reach. */
  noticesDelivered: number;
  /** Posts that reached partner channels. */
  channelPosts: number;
  /** Approved venue bookings, in hours. */
  hoursBooked: number;
  /** Opening hours of the venues in the window; null where the group is not a place (an organization). */
  openingHours: number | null;
  utilization: number | null;
  /** What the free bookings would have cost: fee per hour × hours booked. */
  venueValue: number;
  /** Feedback answers from attendees of those events. */
  feedbackResponses: number;
  /** Answers per check-in (every attendee who checked in is asked once); null without check-ins. */
  feedbackResponseRate: number | null;
  /** Mean of the 1–5 ratings; null without answers. */
  meanRating: number | null;
}

export interface ImpactRow extends ImpactFigures {
  key: string;
  label: string;
}

export interface ImpactReport {
  from: string;
  to: string;
  zone: string;
  groupBy: GroupBy;
  /** Set when the caller is a park manager: the report covers their park only. */
  park: number | null;
  rows: ImpactRow[];
  totals: ImpactFigures;
}

export interface Window {
  from: DateTime;
  /** Exclusive: the day after `to`. */
  until: DateTime;
}

/** `from`/`to` are Shanghai calendar days, both included; by default the twelve months up to today. */
export function windowOf(query: Pick<ImpactQuery, 'from' | 'to'>): Window {
  const today = DateTime.fromMillis(nowMs()).setZone(REPORT_ZONE).startOf('day');
  const parse = (value: string, field: string) => {
    const day = DateTime.fromISO(value, { zone: REPORT_ZONE });
    if (!day.isValid) throw new BadRequestError(`${field} must be a date (YYYY-MM-DD).`, field).say('errDate', { field });
    return day.startOf('day');
  };
  const to = query.to ? parse(query.to, 'to') : today;
  const from = query.from ? parse(query.from, 'from') : to.minus({ years: 1 }).plus({ days: 1 });
  if (from > to) throw new BadRequestError('from must not be after to.', 'from').say('errFromAfterTo');
  if (to.diff(from, 'days').days > MAX_DAYS) throw new BadRequestError(`A report covers at most ${MAX_DAYS} days.`, 'to').say('errReportTooLong', { n: MAX_DAYS });
  return { from, until: to.plus({ days: 1 }) };
}

/** Raw sums of one group; `openingHours` stays null for groups that are not places. */
interface Counts {
  eventsHeld: number;
  registrations: number;
  checkIns: number;
  noShows: number;
  noticesDelivered: number;
  channelPosts: number;
  hoursBooked: number;
  openingHours: number | null;
  venueValue: number;
  feedbackResponses: number;
  ratingSum: number;
}

const noCounts = (): Counts => ({ eventsHeld: 0, registrations: 0, checkIns: 0, noShows: 0, noticesDelivered: 0, channelPosts: 0, hoursBooked: 0, openingHours: null, venueValue: 0, feedbackResponses: 0, ratingSum: 0 });

function addTo(into: Counts, more: Partial<Counts>): void {
  for (const [name, value] of Object.entries(more) as Array<[keyof Counts, number | null]>) {
    if (value !== null) into[name] = (into[name] ?? 0) + value;
  }
}

function figuresOf({ noShows, ratingSum, ...counts }: Counts): ImpactFigures {
  const said = feedbackFigures({ ...noFeedback(), asked: counts.checkIns, responses: counts.feedbackResponses, ratingSum });
  return {
    ...counts,
    feedbackResponseRate: said.responseRate,
    meanRating: said.meanRating,
    hoursBooked: roundTo(counts.hoursBooked, 2),
    openingHours: counts.openingHours === null ? null : roundTo(counts.openingHours, 2),
    venueValue: roundTo(counts.venueValue, 2),
    noShowRate: counts.registrations ? roundTo(noShows / counts.registrations, 4) : null,
    utilization: counts.openingHours ? roundTo(counts.hoursBooked / counts.openingHours, 4) : null,
  };
}

/**
 * The impact report: what the alliance's venues and notices did in a window, by park, by
 * organization or by month. Coordinators see everything; a park manager sees their park.
 */
export function impactReport(deps: OwnDbDeps, principal: Principal, query: ImpactQuery, now = nowDate()): ImpactReport {
  return impactReportFor(deps, principal.role === 'coordinator' ? null : principal.organizationId, query, now);
}

/** The impact report of the whole alliance (`park` null) or of one park's venues. */
export function impactReportFor({ db }: OwnDbDeps, park: number | null, query: ImpactQuery, now = nowDate()): ImpactReport {
  const groupBy = query.groupBy ?? 'park';
  const window = windowOf(query);
  const start = window.from.toJSDate();
  const end = window.until.toJSDate();

  const places = venuesOfPark(db, park);
  const placeOf = new Map(places.map((v) => [v.id, v]));
  const monthOf = (at: Date) => DateTime.fromJSDate(at, { zone: REPORT_ZONE }).toFormat('yyyy-MM');
  const groups = new Map<string, Counts>();
  const add = (key: string, more: Partial<Counts>) => {
    if (!groups.has(key)) groups.set(key, noCounts());
    addTo(groups.get(key)!, more);
  };

  // Bookings: hours and what they would have cost.
  const booked = approvedBookingsIn(db, start, end).filter((b) => placeOf.has(b.venueId));
  for (const booking of booked) {
    const venue = placeOf.get(booking.venueId)!;
    const hours = hoursBetween(booking.startAt, booking.endAt);
    const key = groupBy === 'park' ? String(venue.organizationId) : groupBy === 'organization' ? String(booking.organizationId) : monthOf(booking.startAt);
    add(key, { hoursBooked: hours, venueValue: hours * venue.feePerHour });
  }

  // Opening hours of the places that were open for booking: active venues, and any that was booked.
  if (groupBy !== 'organization') {
    const bookedVenues = new Set(booked.map((b) => b.venueId));
    for (const venue of places.filter((v) => v.active || bookedVenues.has(v.id))) {
      const spans = openingIntervals(venue.openingHours, venue.timezone, { start: start.getTime(), end: end.getTime() });
      for (const span of spans) {
        const clipped = { start: Math.max(span.start, start.getTime()), end: Math.min(span.end, end.getTime()) };
        if (groupBy === 'park') add(String(venue.organizationId), { openingHours: (clipped.end - clipped.start) / HOUR_MS });
        else splitByMonth(clipped, (month, ms) => add(month, { openingHours: ms / HOUR_MS }));
      }
    }
  }

  // Events held, their registrations and check-ins, and the notices about them.
  const held = eventsHeld(db, start, end, now).filter((e) => (e.venueId === null ? park === null : placeOf.has(e.venueId)));
  const keyOfEvent = new Map(
    held.map((e) => [e.id, groupBy === 'park' ? (e.venueId === null ? 'online' : String(placeOf.get(e.venueId)!.organizationId)) : groupBy === 'organization' ? String(e.organizationId) : monthOf(e.startAt)]),
  );
  for (const key of keyOfEvent.values()) add(key, { eventsHeld: 1 });
  const ids = [...keyOfEvent.keys()];
  if (ids.length) {
    const seats = seatCounts(db, ids);
    for (const { eventId, status, n } of seats) {
      add(keyOfEvent.get(eventId)!, status === 'checked_in' ? { registrations: n, checkIns: n } : { registrations: n, noShows: n });
    }
    const reached = sentCounts(db, ids);
    for (const { eventId, targetType, n } of reached) add(keyOfEvent.get(eventId)!, targetType === 'channel' ? { channelPosts: n } : { noticesDelivered: n });
    const answered = feedbackCounts(db, ids);
    for (const { eventId, n, ratingSum } of answered) add(keyOfEvent.get(eventId)!, { feedbackResponses: n, ratingSum });
  }

  const labels = labelsOf(db, groupBy, [...groups.keys()]);
  const rows = [...groups.entries()]
    .map(([key, counts]) => ({ key, label: labels.get(key) ?? key, ...figuresOf(counts) }))
    .sort((a, b) => (groupBy === 'month' ? a.key.localeCompare(b.key) : a.label.localeCompare(b.label)));
  const totals = noCounts();
  for (const counts of groups.values()) addTo(totals, counts);
  return { from: window.from.toISODate()!, to: window.until.minus({ days: 1 }).toISODate()!, zone: REPORT_ZONE, groupBy, park, rows, totals: figuresOf(totals) };
}

/** Calls back with each Shanghai month an interval touches and the milliseconds it spends there. */
function splitByMonth(interval: { start: number; end: number }, add: (month: string, ms: number) => void): void {
  let cursor = interval.start;
  while (cursor < interval.end) {
    const at = DateTime.fromMillis(cursor, { zone: REPORT_ZONE });
    const next = Math.min(at.startOf('month').plus({ months: 1 }).toMillis(), interval.end);
    add(at.toFormat('yyyy-MM'), next - cursor);
    cursor = next;
  }
}

/** What each group is called: a month is its own name; parks and organizations are read in one query. */
function labelsOf(db: Db, groupBy: GroupBy, keys: string[]): Map<string, string> {
  const labels = new Map(keys.map((key) => [key, key === 'online' ? 'Online' : key]));
  const ids = groupBy === 'month' ? [] : keys.filter((key) => key !== 'online').map(Number);
  for (const [id, name] of organizationNamesOf({ db }, ids)) labels.set(String(id), name);
  return labels;
}

const CSV_COLUMNS: Array<keyof ImpactRow> = ['key', 'label', 'eventsHeld', 'registrations', 'checkIns', 'noShowRate', 'noticesDelivered', 'channelPosts', 'hoursBooked', 'openingHours', 'utilization', 'venueValue', 'feedbackResponses', 'feedbackResponseRate', 'meanRating'];

/** Each column's heading in the catalogue, for the CSV people open in a spreadsheet. */
export const CSV_HEADINGS: Record<(typeof CSV_COLUMNS)[number], MessageKey> = {
  key: 'csvKey',
  label: 'csvName',
  eventsHeld: 'eventsHeld',
  registrations: 'registrationsCount',
  checkIns: 'checkIns',
  noShowRate: 'noShowRate',
  noticesDelivered: 'reach',
  channelPosts: 'channelPosts',
  hoursBooked: 'hoursBooked',
  openingHours: 'csvOpeningHours',
  utilization: 'utilization',
  venueValue: 'venueValue',
  feedbackResponses: 'feedbackResponses',
  feedbackResponseRate: 'responseRate',
  meanRating: 'meanRating',
};

/**
 * The report as CSV (RFC 4180, formula-safe), one line per group and a totals line. With a
 * language (the page's download), the headings are in it and the file starts with a UTF-8 BOM,
 * so a spreadsheet (Excel) opens Chinese text as Chinese; the API's CSV keeps the field names.
 */
export function impactCsv(report: ImpactReport, language?: Language): string {
  const headings = language ? CSV_COLUMNS.map((c) => t(language, CSV_HEADINGS[c])) : CSV_COLUMNS;
  const totalLabel = language ? t(language, 'total') : 'Total';
  const csv = toCsv([headings, ...report.rows.map((row) => CSV_COLUMNS.map((c) => row[c])), CSV_COLUMNS.map((c) => (c === 'key' ? 'total' : c === 'label' ? totalLabel : report.totals[c]))]);
  return language ? forSpreadsheet(csv) : csv;
}
