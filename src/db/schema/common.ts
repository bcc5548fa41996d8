import { integer } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';

// Instants are stored as UTC milliseconds (`timestamp_ms`), read back as Date.
export const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A text in both languages (either may be missing); shown in the reader's, else the other. */
export type Bilingual = { en?: string; 'zh-CN'?: string };
