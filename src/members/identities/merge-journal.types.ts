/** A row's key without its member column: `{ id }`, or `{ group_id }` for a membership … */
export type RowKey = Record<string, number | string>;
export type RowValues = Record<string, number | string | null>;

/**
 * One step of a merge, in the order it was made; undo applies the inverse of each, last first.
 * - `move`: rows whose `column` (member_id) was `from` now hold `to`;
 * - `set`: one row's columns changed from `before` to `after`;
 * - `delete`: whole rows removed (kept here to be put back).
 */
export type JournalEntry =
  | { op: 'move'; table: string; column: string; from: number; to: number; keys: RowKey[] }
  | { op: 'set'; table: string; key: RowKey; before: RowValues; after: RowValues }
  | { op: 'delete'; table: string; rows: RowValues[]; keyColumns: string[] };

/** What a merge hands the features above members (camps): they move their own rows into the journal. */
export interface MergeContext {
  communityId: number;
  survivorId: number;
  mergedId: number;
  now: number;
}
