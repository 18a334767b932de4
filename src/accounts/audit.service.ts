import type { FastifyRequest } from 'fastify';
import type { Executor } from '../kernel/db/database.js';
import { callerOf, communityOf } from '../kernel/http/access.js';

/** Who did something, and from where: an operator's account and client address, or the CLI (all null). */
export interface AuditActor {
  accountId: number | null;
  email: string | null;
  /** The client address as Fastify resolves it (`request.ip`; behind SHEQUN_TRUST_PROXY=1 the proxy's client). */
  ip: string | null;
}

export interface AuditRecord {
  communityId: number;
  actor: AuditActor;
  /** Dotted, stable names: `team.invite`, `team.role`, `blacklist.add` … (docs/access.md lists them). */
  action: string;
  /** What was acted on, as the action names it: an email, `member 12`, a connector's name. */
  target?: string | null;
  /** Particulars, stored as JSON: the old and new role, a reason … Never secrets. */
  detail?: Record<string, unknown> | null;
  now: number;
}

/** The acting operator of a request, with its client address. */
export function auditActorOf(request: FastifyRequest): AuditActor {
  const { account } = callerOf(request);
  return { accountId: account.id, email: account.email, ip: request.ip ?? null };
}

/** The CLI acting: nobody signed in, no address. */
export const CLI_ACTOR: AuditActor = { accountId: null, email: null, ip: null };

/**
 * Writes one entry of a community's audit log. Call it with the transaction of the action it
 * records, so the entry and the action commit or roll back together.
 */
export async function recordAudit(trx: Executor, record: AuditRecord): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      community_id: record.communityId,
      account_id: record.actor.accountId,
      actor_email: record.actor.email,
      action: record.action,
      target: record.target ?? null,
      detail: record.detail ? JSON.stringify(record.detail) : null,
      ip: record.actor.ip,
      created_at: record.now,
    })
    .execute();
}

export interface AuditEntry {
  id: number;
  at: number;
  actorEmail: string | null;
  action: string;
  target: string | null;
  detail: Record<string, unknown> | null;
  ip: string | null;
}

/** A page of a community's audit log, newest first; `before` is the id the previous page ended at. */
export async function listAudit(
  db: Executor,
  communityId: number,
  page: { before?: number; limit: number },
): Promise<{ entries: AuditEntry[]; nextBefore: number | null }> {
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .where('community_id', '=', communityId)
    .orderBy('id', 'desc')
    .limit(page.limit + 1);
  if (page.before !== undefined) query = query.where('id', '<', page.before);
  const rows = await query.execute();
  const entries = rows.slice(0, page.limit).map((r) => ({
    id: Number(r.id),
    at: Number(r.created_at),
    actorEmail: r.actor_email,
    action: r.action,
    target: r.target,
    detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
    ip: r.ip,
  }));
  return { entries, nextBefore: rows.length > page.limit ? entries.at(-1)!.id : null };
}

/** Who acts on a community route: its community, the actor's role there, and the actor for the log. */
export function communityActorOf(request: FastifyRequest) {
  const { community, role } = communityOf(request);
  return { communityId: community.id, actorRole: role, actor: auditActorOf(request) };
}
