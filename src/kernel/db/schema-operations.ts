import type { Generated, Selectable } from 'kysely';

/** Tables of operator accounts and of the work operators do on members (migrations 100 and 101). */
export interface AccountsTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string;
  is_instance_owner: Generated<number>;
  created_at: number;
}

export interface SessionsTable {
  token_hash: string;
  account_id: number;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface ApiTokensTable {
  id: Generated<number>;
  account_id: number;
  name: string;
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface CommunityAccessTable {
  community_id: number;
  account_id: number;
  role: string;
  created_at: number;
}

export interface MemberTagsTable {
  community_id: number;
  member_id: number;
  tag: string;
  source: string;
  created_at: number;
}

export interface MemberNotesTable {
  id: Generated<number>;
  community_id: number;
  member_id: number;
  account_id: number | null;
  kind: string;
  body: string;
  created_at: number;
}

export interface BlacklistTable {
  id: Generated<number>;
  community_id: number;
  member_id: number;
  action: string;
  reason: string;
  account_id: number | null;
  created_at: number;
  lifted_at: number | null;
}

export interface CareDoneTable {
  community_id: number;
  member_id: number;
  day: number;
  kind: string;
  account_id: number | null;
  note_id: number | null;
  created_at: number;
}

export interface OperationsTables {
  accounts: AccountsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  community_access: CommunityAccessTable;
  member_tags: MemberTagsTable;
  member_notes: MemberNotesTable;
  blacklist: BlacklistTable;
  care_done: CareDoneTable;
}

export type Account = Selectable<AccountsTable>;
