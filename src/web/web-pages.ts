import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { bookingLinkPages } from './bookings/booking-link-pages.js';
import { bookingRequestPages } from './bookings/booking-request-pages.js';
import { bookingRequestPage } from './bookings/booking-request-page.js';
import { venueSearchPages } from './bookings/venue-search-pages.js';
import { parkDirectoryPages } from './bookings/park-directory-pages.js';
import { alliancePages } from './members/alliance-pages.js';
import { profilePages } from './members/profile-pages.js';
import { reviewPages } from './reports/review-pages.js';
import { ticketPages } from './tickets/ticket-pages.js';
import { registrationExportPages } from './events/registration-export-pages.js';
import { doorPages } from './tickets/door-pages.js';
import { scanPages } from './tickets/scan-pages.js';
import { parkRobotPages } from './bookings/park-robot-pages.js';
import { reservationPages } from './green-channel/reservation-pages.js';
import { counterPages } from './green-channel/counter-pages.js';
import { greenChannelPages } from './green-channel/green-channel-pages.js';
import { greenOfficePages } from './green-channel/green-office-pages.js';
import { checkinListPages } from './tickets/checkin-list-pages.js';
import { feedbackPages } from './events/feedback-pages.js';
import { coordinatorPages } from './members/coordinator-pages.js';
import { reportPages } from './reports/report-pages.js';
import { homePages } from './members/home-pages.js';
import { venueEditPages } from './bookings/venue-edit-pages.js';
import { channelPages } from './members/channel-pages.js';
import { smsSignInPages } from './signin/sms-signin-pages.js';
import { eventPages } from './events/event-pages.js';
import { managerPages } from './bookings/manager-pages.js';
import { organizerEventPages } from './events/organizer-event-pages.js';
import { personalLinkPages } from './links/personal-link-pages.js';
import { signInRoutes } from './signin/signin-routes.js';
import { subscribePages } from './subscribers/subscribe-pages.js';
import { privacyPages } from './privacy/privacy-pages.js';
import { privacySmsPages } from './privacy/privacy-sms-pages.js';
import { privacyOfficePages } from './privacy/privacy-office-pages.js';
import { webPlugin } from './frame/web-plugin.js';

/**
 * Every page for people, on the same services as the API: the frame (sessions, CSRF, languages,
 * the problem page), then each role's pages. The one thing src/app.ts takes from src/web.
 */
export const webPages = fp(
  async (app: FastifyInstance) => {
    await app.register(webPlugin);
    await app.register(eventPages);
    await app.register(subscribePages);
    await app.register(privacyPages);
    await app.register(privacyOfficePages);
    await app.register(bookingRequestPages);
    await app.register(bookingRequestPage);
    await app.register(venueSearchPages);
    await app.register(parkDirectoryPages);
    await app.register(alliancePages);
    await app.register(profilePages);
    await app.register(reviewPages);
    await app.register(ticketPages);
    await app.register(registrationExportPages);
    await app.register(doorPages);
    await app.register(scanPages);
    await app.register(parkRobotPages);
    await app.register(reservationPages);
    await app.register(counterPages);
    await app.register(greenChannelPages);
    await app.register(greenOfficePages);
    await app.register(checkinListPages);
    await app.register(feedbackPages);
    await app.register(organizerEventPages);
    await app.register(managerPages);
    await app.register(coordinatorPages);
    await app.register(reportPages);
    await app.register(homePages);
    await app.register(venueEditPages);
    await app.register(channelPages);
    await app.register(smsSignInPages);
    await app.register(privacySmsPages);
    await app.register(signInRoutes);
    // The pages behind signed links in mails: at the addresses mails carry now, and under /v1,
    // where mails sent before point (those answer API clients with JSON too).
    await app.register(bookingLinkPages, { asPage: true });
    await app.register(personalLinkPages, { asPage: true });
    await app.register(bookingLinkPages, { prefix: '/v1' });
    await app.register(personalLinkPages, { prefix: '/v1' });
  },
  { name: 'web-pages', dependencies: ['config', 'database', 'auth', 'services', 'jobs'] },
);
