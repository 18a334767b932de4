import type { Generated } from 'kysely';

/** Tables of a community's team: invitations, password resets and the audit log (migration 120). */
export interface TeamInvitesTable {
  id: Generated<number>;
  community_id: number;
  email: string;
  role: string;
  token_hash: string;
  invited_by: number | null;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
  accepted_by: number | null;
  revoked_at: number | null;
}

export interface PasswordResetsTable {
  token_hash: string;
  account_id: number;
  created_by: number | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  community_id: number;
  account_id: number | null;
  actor_email: string | null;
  action: string;
  target: string | null;
  detail: string | null;
  ip: string | null;
  created_at: number;
}

export interface TeamTables {
  team_invites: TeamInvitesTable;
  password_resets: PasswordResetsTable;
  audit_log: AuditLogTable;
}
