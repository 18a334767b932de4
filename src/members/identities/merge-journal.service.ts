import type { Transaction } from 'kysely';
import type { Database } from '../../kernel/db/schema.js';
import { deleteRows, moveRows, setRow } from './merge-journal.repo.js';
import type { JournalEntry, MergeContext, RowKey, RowValues } from './merge-journal.types.js';

/**
 * Records every step of a merge as it makes it, in the merge's transaction. Features above
 * members (camps, through `MemberMergeHook`) move their own rows with it, so one journal undoes all.
 */
export class MergeJournal {
  readonly entries: JournalEntry[] = [];

  constructor(
    readonly trx: Transaction<Database>,
    readonly context: MergeContext,
  ) {}

  /** Moves the rows with these keys from the merged member to the survivor (or `from` → `to`). */
  async move(
    table: string,
    keys: RowKey[],
    options: { column?: string; from?: number; to?: number } = {},
  ): Promise<void> {
    if (keys.length === 0) return;
    const column = options.column ?? 'member_id';
    const from = options.from ?? this.context.mergedId;
    const to = options.to ?? this.context.survivorId;
    await moveRows(this.trx, table, column, from, to, keys);
    this.entries.push({ op: 'move', table, column, from, to, keys });
  }

  /** Changes one row's columns, remembering what they were. */
  async set(table: string, key: RowKey, before: RowValues, after: RowValues): Promise<void> {
    await setRow(this.trx, table, key, after);
    this.entries.push({ op: 'set', table, key, before, after });
  }

  /** Deletes whole rows, kept in the journal to be put back. */
  async remove(table: string, rows: RowValues[], keyColumns: string[]): Promise<void> {
    if (rows.length === 0) return;
    await deleteRows(this.trx, table, rows, keyColumns);
    this.entries.push({ op: 'delete', table, rows, keyColumns });
  }
}

/**
 * What a feature above members does when two members merge: it moves its own rows through the
 * journal, in the merge's transaction (camps: enrolments, check-ins, points, badges). Filled in
 * the wiring (server/features.ts), like `StaffChangeHook`.
 */
export type MemberMergeHook = (journal: MergeJournal) => Promise<void>;

export const noMergeHook: MemberMergeHook = async () => undefined;
