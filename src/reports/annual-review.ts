import type { Principal } from '../auth/principal.js';
import { forSpreadsheet, toCsv } from '../http/csv.js';
import { t, type MessageKey } from '../i18n/translate.js';
import type { Language } from '../db/schema.js';
import { approvedBookingsWithOwner, eventsHeld, officeId, organizationsByName, seatAnswers, yearCounts } from './reports-dal.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../errors/http-errors.js';
import { MAINLAND } from '../i18n/countries.js';
import type { OwnDbDeps } from '../services/service-deps.js';
import { nowDate } from '../time/clock.js';
import { greenChannelFigures } from './green-channel-report.js';
import { impactReportFor, REPORT_ZONE, windowOf, type ImpactFigures } from './impact-report.js';
import { roundTo } from '../util/round-to.js';
import { hoursBetween } from '../time/intervals.js';
import { allianceYear } from '../config/default-zone.js';

/** One organization's year (or the alliance's), as the district's annual review asks for it. */
// A type, not an interface: the route's schema reads the figures as a record by name.
export type AnnualFigures = {
  /** Events it organized that took place (as the impact report counts them). */
  eventsHeld: number;
  /** Events of other organizations that named it co-organizer. */
  eventsCoOrganized: number;
  registrations: number;
  checkIns: number;
  noShowRate: number | null;
  meanRating: number | null;
  feedbackResponseRate: number | null;
  /** Notices that reached people, and posts that reached partner channels, about its events. */
  noticesDelivered: number;
  channelPosts: number;
  /** Parks and bases: hours their venues hosted other organizations (approved bookings), and what that would have cost. */
  venueHoursProvided: number;
  venueValueProvided: number;
  /** The office: green-channel services delivered (reservations served) at its centres. */
  greenChannelServed: number;
  /** Participants (seats at its events held) who said where they come from, and of them, from outside the Chinese mainland. */
  participantsWithCountry: number;
  internationalParticipants: number;
  internationalShare: number | null;
  /** Self-reported on the profile for the year; null when not reported. */
  teamsIncubated: number | null;
  internationalTeams: number | null;
};

export type FigureName = keyof AnnualFigures;
export const FIGURE_NAMES: FigureName[] = [
  'eventsHeld',
  'eventsCoOrganized',
  'registrations',
  'checkIns',
  'noShowRate',
  'meanRating',
  'feedbackResponseRate',
  'noticesDelivered',
  'channelPosts',
  'venueHoursProvided',
  'venueValueProvided',
  'greenChannelServed',
  'participantsWithCountry',
  'internationalParticipants',
  'internationalShare',
  'teamsIncubated',
  'internationalTeams',
];

/** This year against the last: the difference of each figure (rates in points), null where either is unknown. */
export type AnnualChange = Record<FigureName, number | null>;

export interface ReviewEntry {
  figures: AnnualFigures;
  previous: AnnualFigures;
  change: AnnualChange;
}

export interface OrganizationReview extends ReviewEntry {
  organizationId: number;
  name: string;
  kind: string;
  level: string | null;
  brand: string | null;
  floorAreaM2: number | null;
}

export interface AnnualReview {
  year: number;
  zone: string;
  /** The one organization asked for, or null for the whole alliance. */
  organization: number | null;
  organizations: OrganizationReview[];
  /** The alliance's totals (coordinators only). */
  totals: ReviewEntry | null;
  /** Green-channel services delivered per service centre, against the year before (coordinators only). */
  centres: Array<{ centreId: number; name: string; served: number; previous: number; change: number }>;
}

const emptyFigures = (): AnnualFigures => ({
  eventsHeld: 0,
  eventsCoOrganized: 0,
  registrations: 0,
  checkIns: 0,
  noShowRate: null,
  meanRating: null,
  feedbackResponseRate: null,
  noticesDelivered: 0,
  channelPosts: 0,
  venueHoursProvided: 0,
  venueValueProvided: 0,
  greenChannelServed: 0,
  participantsWithCountry: 0,
  internationalParticipants: 0,
  internationalShare: null,
  teamsIncubated: null,
  internationalTeams: null,
});

/** The impact report's figures an annual review takes over as they are (so the two always agree). */
function fromImpact(figures: ImpactFigures): Partial<AnnualFigures> {
  const { eventsHeld, registrations, checkIns, noShowRate, meanRating, feedbackResponseRate, noticesDelivered, channelPosts } = figures;
  return { eventsHeld, registrations, checkIns, noShowRate, meanRating, feedbackResponseRate, noticesDelivered, channelPosts };
}

/** Every organization's figures for one calendar year (Shanghai), and the alliance's. */
function yearFigures(deps: OwnDbDeps, year: number, now: Date): { byOrganization: Map<number, AnnualFigures>; alliance: AnnualFigures; centres: Map<number, { name: string; served: number }> } {
  const { db } = deps;
  const query = { from: `${year}-01-01`, to: `${year}-12-31` };
  const window = windowOf(query);
  const [start, end] = [window.from.toJSDate(), window.until.toJSDate()];
  const byOrganization = new Map<number, AnnualFigures>();
  const of = (id: number) => byOrganization.get(id) ?? byOrganization.set(id, emptyFigures()).get(id)!;

  const impact = impactReportFor(deps, null, { ...query, groupBy: 'organization' }, now);
  for (const row of impact.rows) Object.assign(of(Number(row.key)), fromImpact(row));
  const alliance: AnnualFigures = { ...emptyFigures(), ...fromImpact(impact.totals) };

  // Co-organized events, and where participants come from (the event's country question, if it asks one).
  const held = eventsHeld(db, start, end, now);
  for (const event of held) for (const id of event.coOrganizerIds) of(id).eventsCoOrganized += 1;
  alliance.eventsCoOrganized = held.reduce((n, e) => n + e.coOrganizerIds.length, 0);
  const countryQuestion = new Map(held.flatMap((e) => e.questions.filter((q) => q.type === 'country').map((q) => [e.id, q.id] as const)));
  const organizerOf = new Map(held.map((e) => [e.id, e.organizationId]));
  if (countryQuestion.size) {
    const seats = seatAnswers(db, [...countryQuestion.keys()]);
    for (const seat of seats) {
      const code = seat.answers?.[countryQuestion.get(seat.eventId)!]?.value;
      if (typeof code !== 'string') continue;
      for (const figures of [of(organizerOf.get(seat.eventId)!), alliance]) {
        figures.participantsWithCountry += 1;
        if (code !== MAINLAND) figures.internationalParticipants += 1;
      }
    }
  }

  // Venue hours a park or base gave others: approved bookings at its venues by other organizations.
  const given = approvedBookingsWithOwner(db, start, end).filter((b) => b.owner !== b.by);
  for (const booking of given) {
    const hours = hoursBetween(booking.startAt, booking.endAt);
    for (const figures of [of(booking.owner), alliance]) {
      figures.venueHoursProvided += hours;
      figures.venueValueProvided += hours * booking.fee;
    }
  }

  // Green-channel services delivered: the office's, as its report counts them.
  const office = officeId(db);
  const centres = new Map<number, { name: string; served: number }>();
  for (const row of greenChannelFigures(deps, query).rows) {
    const centre = centres.get(row.centreId) ?? centres.set(row.centreId, { name: row.centre, served: 0 }).get(row.centreId)!;
    centre.served += row.served;
  }
  const served = [...centres.values()].reduce((n, centre) => n + centre.served, 0);
  alliance.greenChannelServed = served;
  if (office !== undefined && served) of(office).greenChannelServed = served;

  // Self-reported counts for the year.
  for (const row of yearCounts(db, year)) {
    Object.assign(of(row.organizationId), { teamsIncubated: row.teamsIncubated, internationalTeams: row.internationalTeams });
    alliance.teamsIncubated = (alliance.teamsIncubated ?? 0) + row.teamsIncubated;
    alliance.internationalTeams = (alliance.internationalTeams ?? 0) + row.internationalTeams;
  }

  for (const figures of [...byOrganization.values(), alliance]) {
    figures.venueHoursProvided = roundTo(figures.venueHoursProvided, 2);
    figures.venueValueProvided = roundTo(figures.venueValueProvided, 2);
    figures.internationalShare = figures.participantsWithCountry ? roundTo(figures.internationalParticipants / figures.participantsWithCountry, 4) : null;
  }
  return { byOrganization, alliance, centres };
}

function entry(figures: AnnualFigures, previous: AnnualFigures): ReviewEntry {
  const change = Object.fromEntries(
    FIGURE_NAMES.map((name) => {
      const [now, before] = [figures[name], previous[name]];
      return [name, now === null || before === null ? null : roundTo(now - before, 4)];
    }),
  ) as AnnualChange;
  return { figures, previous, change };
}

/**
 * The annual review: for each member organization (or the one asked for), its year against the
 * year before, and the alliance's totals. Coordinators see every organization; a member sees their own.
 */
export function annualReview(deps: OwnDbDeps, principal: Principal, query: { year: number; organization?: number }, now = nowDate()): AnnualReview {
  const coordinator = principal.role === 'coordinator';
  const nextYear = allianceYear(now.getTime()) + 1;
  if (query.year > nextYear) throw new BadRequestError(`There is nothing to review for ${query.year} yet.`, 'year').say('errReviewYear');
  if (!coordinator && query.organization !== principal.organizationId) {
    throw new ForbiddenError('A member sees the annual review of their own organization only.', 'organization').say('errReviewNotYours');
  }
  const orgs = organizationsByName(deps.db, query.organization);
  if (query.organization && !orgs.length) throw new NotFoundError('Organization', query.organization);
  const current = yearFigures(deps, query.year, now);
  const previous = yearFigures(deps, query.year - 1, now);
  const organizationsReviewed = orgs.map((org) => ({
    organizationId: org.id,
    name: org.name,
    kind: org.kind,
    level: org.level,
    brand: org.brand,
    floorAreaM2: org.floorAreaM2,
    ...entry(current.byOrganization.get(org.id) ?? emptyFigures(), previous.byOrganization.get(org.id) ?? emptyFigures()),
  }));
  return {
    year: query.year,
    zone: REPORT_ZONE,
    organization: query.organization ?? null,
    organizations: organizationsReviewed,
    totals: coordinator ? entry(current.alliance, previous.alliance) : null,
    centres: coordinator ? centreLines(current.centres, previous.centres) : [],
  };
}

function centreLines(current: Map<number, { name: string; served: number }>, previous: Map<number, { name: string; served: number }>) {
  return [...new Set([...current.keys(), ...previous.keys()])].map((centreId) => {
    const [now, before] = [current.get(centreId)?.served ?? 0, previous.get(centreId)?.served ?? 0];
    return { centreId, name: (current.get(centreId) ?? previous.get(centreId))!.name, served: now, previous: before, change: now - before };
  });
}

/**
 * Every figure of a review as CSV, one line per organization and figure (each service centre's
 * services as `centre-<id>`, the alliance's as `total`): the year's value, the year before's, the change. With a language, headings and figure
 * names are in it and the file starts with a BOM (as the impact report's page download does).
 */
export function annualCsv(review: AnnualReview, language?: Language): string {
  const say = (key: MessageKey, values = {}) => (language ? t(language, key, values) : '');
  const headings = language ? [say('csvKey'), say('csvName'), say('reviewFigure'), String(review.year), String(review.year - 1), say('reviewChange')] : ['organizationId', 'organization', 'figure', 'value', 'previous', 'change'];
  const lines = (key: string | number, name: string, e: ReviewEntry) => FIGURE_NAMES.map((f) => [key, name, language ? say(`fig_${f}`) : f, e.figures[f], e.previous[f], e.change[f]]);
  const centres = review.centres.map((c) => [`centre-${c.centreId}`, c.name, language ? say('fig_greenChannelServed') : 'greenChannelServed', c.served, c.previous, c.change]);
  const rows = [...review.organizations.flatMap((o) => lines(o.organizationId, o.name, o)), ...centres, ...(review.totals ? lines('total', language ? say('reviewAlliance') : 'Alliance', review.totals) : [])];
  const csv = toCsv([headings, ...rows]);
  return language ? forSpreadsheet(csv) : csv;
}
