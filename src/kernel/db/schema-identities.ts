import type { Generated } from 'kysely';

/** Merges of members and bind codes (migration 119). Times are UTC epoch ms. */
export interface MemberMergesTable {
  id: Generated<number>;
  community_id: number;
  /** The member that remains. */
  survivor_id: number;
  /** The member merged into the survivor (its row stays, `members.merged_into` set). */
  merged_id: number;
  /** `staff` or `bind code`. */
  actor: string;
  account_id: number | null;
  /** JSON: what the merge moved, so undo restores it exactly. */
  journal: string;
  created_at: number;
  undone_at: number | null;
  undone_by: number | null;
}

/** A member's one live bind code; consumed (deleted) when a message carrying it links an identity. */
export interface MemberBindCodesTable {
  member_id: number;
  community_id: number;
  code_hash: string;
  expires_at: number;
  created_at: number;
}

/** A member anonymised or deleted on request (migration 123): ids and counts only. */
export interface MemberErasuresTable {
  id: Generated<number>;
  community_id: number;
  member_id: number;
  /** `anonymise` or `delete`. */
  action: string;
  account_id: number | null;
  /** JSON: rows changed or removed, per table. */
  counts: string;
  created_at: number;
}

export interface IdentityTables {
  member_merges: MemberMergesTable;
  member_erasures: MemberErasuresTable;
  member_bind_codes: MemberBindCodesTable;
}
