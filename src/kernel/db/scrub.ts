import { type RawBuilder, sql } from 'kysely';
import type { Executor } from './database.js';

/**
 * What anonymising a member removes from texts that are not theirs (docs/member-data.md): their
 * names and handles as others wrote them, replaced by `placeholder`. A string is removed when it
 * can name someone: two characters or more with one beyond ASCII (张伟), or four ASCII characters
 * or more (shorter Latin strings would cut into other words).
 */
export interface Scrub {
  strings: string[];
  placeholder: string;
}

export function scrubbable(value: string): boolean {
  const text = value.trim();
  return /[^\u0000-\u007f]/.test(text) ? text.length >= 2 : text.length >= 4;
}

/** The strings of `values` worth removing, longest first (a longer name is replaced before its part). */
export function scrubOf(values: Array<string | null | undefined>, placeholder: string): Scrub {
  const strings = [...new Set(values.filter((v): v is string => !!v && scrubbable(v)).map((v) => v.trim()))];
  return { strings: strings.sort((a, b) => b.length - a.length), placeholder };
}

/**
 * Replaces every scrub string in `column` of the rows `where` selects, in SQL both databases speak
 * (`replace`); returns how many rows changed.
 *
 * @example
 * await scrubColumn(trx, 'events', 'text', sql`community_id = ${communityId}`, scrub);
 */
export async function scrubColumn(
  db: Executor,
  table: string,
  column: string,
  where: RawBuilder<unknown>,
  scrub: Scrub,
): Promise<number> {
  let changed = 0;
  for (const value of scrub.strings) {
    const col = sql.ref(column);
    const result = await sql`update ${sql.table(table)} set ${col} = replace(${col}, ${value}, ${scrub.placeholder})
      where ${col} is not null and ${where} and replace(${col}, ${value}, ${scrub.placeholder}) <> ${col}`.execute(db);
    changed += Number(result.numAffectedRows ?? 0);
  }
  return changed;
}

/** Rows per table an erasure changed or removed: its record (and the answer to staff). */
export type TableCounts = Record<string, number>;

export function addCount(counts: TableCounts, table: string, rows: number | bigint | undefined): void {
  const n = Number(rows ?? 0);
  if (n > 0) counts[table] = (counts[table] ?? 0) + n;
}

/** Runs one delete of an erasure and adds what it removed to `counts` under `table`. */
export async function countDeleted(
  counts: TableCounts,
  table: string,
  run: Promise<{ numDeletedRows: bigint }>,
): Promise<void> {
  addCount(counts, table, (await run).numDeletedRows);
}

/** An export's instant: ISO 8601 in UTC, or null. */
export const isoTime = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
