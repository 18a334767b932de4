import type { Transaction } from 'kysely';
import type { Executor } from '../../kernel/db/database.js';
import type { Database } from '../../kernel/db/schema.js';
import type { Scrub, TableCounts } from '../../kernel/db/scrub.js';

/** Whom an export or erasure is about: the member and every member merged into them (one person). */
export interface MemberDataTarget {
  community: { id: number; slug: string; timezone: string };
  /** The member asked for first, then those merged into them. */
  memberIds: number[];
}

/** What an erasure did in a feature's tables, and the files to drop once it has committed. */
export interface ErasurePart {
  counts: TableCounts;
  /** Blob-store key prefixes (ending in `/`) holding only this member's files. */
  blobPrefixes: string[];
}

/**
 * A feature's part of a member's data rights (docs/member-data.md), the way `MemberMergeHook` is
 * its part of a merge: features above members (camps, rooms) export, anonymise and delete their
 * own rows, handed to members by the wiring (server/member-data.ts).
 */
export interface MemberDataPart {
  /** Sections of the export, each JSON-ready. */
  exportOf(db: Executor, target: MemberDataTarget): Promise<Record<string, unknown>>;
  /** In the erasure's transaction: the member's own texts become `scrub.placeholder`, photos go; others' texts lose the strings. */
  anonymise(trx: Transaction<Database>, target: MemberDataTarget, scrub: Scrub): Promise<ErasurePart>;
  /** In the erasure's transaction: every row about the member goes. */
  remove(trx: Transaction<Database>, target: MemberDataTarget): Promise<ErasurePart>;
}

/** The text a removed message, note or check-in text is replaced by. */
export const REMOVED_TEXT = '[removed]';
/** The name an anonymised member and their identities get. */
export const anonymousName = (memberId: number) => `Anonymous ${memberId}`;
