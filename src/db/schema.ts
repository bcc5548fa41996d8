// The database schema, one file per capability under ./schema/. drizzle-kit reads this file.
export * from './schema/common.js';
export * from './schema/members.js';
export * from './schema/mail.js';
export * from './schema/venues.js';
export * from './schema/bookings.js';
export * from './schema/events.js';
export * from './schema/announcements.js';
export * from './schema/subscribers.js';
export * from './schema/sessions.js';
export * from './schema/database-identity.js';
export * from './schema/feedback.js';
export * from './schema/park-robots.js';
export * from './schema/green-channel.js';
export * from './schema/member-profiles.js';
export * from './schema/privacy.js';
export * from './schema/backups.js';
