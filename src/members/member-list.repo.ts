import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../kernel/db/schema.js';
import { likePattern, type MemberFilter, type MemberSort } from './member-list.rules.js';
import type { Executor } from '../kernel/db/database.js';

type MembersQuery = SelectQueryBuilder<Database & { m: Database['members'] }, 'm', object>;

/** The row every list, export and profile starts from. */
export interface MemberRow {
  id: number;
  display_name: string;
  is_bot: number;
  tier: string | null;
  first_day: number | null;
  last_active_day: number | null;
  messages: number;
  checkins: number;
}

const SORT_COLUMN: Record<MemberSort, 'm.last_active_day' | 'm.messages' | 'm.display_name' | 'm.first_day'> = {
  lastActive: 'm.last_active_day',
  messages: 'm.messages',
  name: 'm.display_name',
  joined: 'm.first_day',
};

/**
 * Members of a community (bots are not members) matching every given filter. Each filter is an
 * `exists` on a primary key or index, so a filter narrows the scan of the community's members
 * rather than joining whole tables.
 */
function filtered(db: Executor, communityId: number, filter: MemberFilter): MembersQuery {
  let query = db
    .selectFrom('members as m')
    .where('m.community_id', '=', communityId)
    .where('m.is_bot', '=', 0)
    // A member merged into another is that member now (docs/identities.md).
    .where('m.merged_into', 'is', null) as MembersQuery;
  // `id in (subquery)`: each subquery is read once along an index into a set the members are
  // probed against, instead of one lookup per member of the community.
  if (filter.q) {
    // Both name scans read covering indexes (migration 102) rather than the tables.
    const like = (column: string) => sql<boolean>`lower(${sql.ref(column)}) like ${likePattern(filter.q!)} escape '\\'`;
    query = query.where(
      'm.id',
      'in',
      db
        .selectFrom('members')
        .select('id')
        .where('community_id', '=', communityId)
        .where(like('display_name'))
        .union(
          db
            .selectFrom('identities')
            .select('member_id as id')
            .where('community_id', '=', communityId)
            .where(like('display_name')),
        ),
    );
  }
  if (filter.tier) query = query.where('m.tier', '=', filter.tier);
  if (filter.joinedFrom !== undefined) query = query.where('m.first_day', '>=', filter.joinedFrom);
  if (filter.joinedTo !== undefined) query = query.where('m.first_day', '<=', filter.joinedTo);
  const { tag, group, source, role } = filter;
  if (tag !== undefined) {
    query = query.where(
      'm.id',
      'in',
      db.selectFrom('member_tags').select('member_id').where('community_id', '=', communityId).where('tag', '=', tag),
    );
  }
  if (group !== undefined) {
    query = query.where('m.id', 'in', db.selectFrom('memberships').select('member_id').where('group_id', '=', group));
  }
  if (source !== undefined) {
    query = query.where(
      'm.id',
      'in',
      db
        .selectFrom('identities')
        .select('member_id')
        .where('community_id', '=', communityId)
        .where('platform', '=', source),
    );
  }
  if (role !== undefined) {
    query = query.where(
      'm.id',
      'in',
      db
        .selectFrom('member_roles')
        .select('member_id')
        .where('community_id', '=', communityId)
        .where('role', '=', role),
    );
  }
  return query;
}

/**
 * A page and the total in one pass, for searches: a substring match cannot use an index, so the
 * scan is done once rather than once for the count and again for the page.
 */
export async function findMembersWithTotal(
  db: Executor,
  communityId: number,
  filter: MemberFilter,
  order: { sort: MemberSort; order: 'asc' | 'desc' },
  page: { limit: number; offset: number },
): Promise<{ total: number | null; rows: MemberRow[] }> {
  const rows = await ordered(filtered(db, communityId, filter), order)
    .select(sql<number>`count(*) over ()`.as('total'))
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { total: rows.length ? Number(rows[0].total) : null, rows };
}

export async function countMembers(db: Executor, communityId: number, filter: MemberFilter): Promise<number> {
  const row = await filtered(db, communityId, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * One page of matching members in the requested order; members without a value sort last either
 * way, and ties break on id so pages never overlap.
 */
export function findMembers(
  db: Executor,
  communityId: number,
  filter: MemberFilter,
  order: { sort: MemberSort; order: 'asc' | 'desc' },
  page?: { limit: number; offset: number },
): Promise<MemberRow[]> {
  let query = ordered(filtered(db, communityId, filter), order);
  if (page) query = query.limit(page.limit).offset(page.offset);
  return query.execute();
}

function ordered(query: MembersQuery, order: { sort: MemberSort; order: 'asc' | 'desc' }) {
  return query
    .select([
      'm.id',
      'm.display_name',
      'm.is_bot',
      'm.tier',
      'm.first_day',
      'm.last_active_day',
      'm.messages',
      'm.checkins',
    ])
    .orderBy(SORT_COLUMN[order.sort], (ob) => (order.order === 'asc' ? ob.asc() : ob.desc()).nullsLast())
    .orderBy('m.id', order.order);
}

export interface MemberDecorations {
  tags: Map<number, string[]>;
  roles: Map<number, string[]>;
  sources: Map<number, string[]>;
  blacklisted: Set<number>;
}

/** Tags, duty roles, platforms and current blacklisting of the given members. */
export async function decorations(db: Executor, communityId: number, memberIds: number[]): Promise<MemberDecorations> {
  const ids = memberIds.length ? memberIds : [-1];
  const [tags, roles, sources, blacklisted] = await Promise.all([
    db.selectFrom('member_tags').select(['member_id', 'tag']).where('member_id', 'in', ids).orderBy('tag').execute(),
    db
      .selectFrom('member_roles')
      .select(['member_id', 'role'])
      .where('community_id', '=', communityId)
      .where('member_id', 'in', ids)
      .orderBy('role')
      .execute(),
    db
      .selectFrom('identities')
      .select(['member_id', 'platform'])
      .where('member_id', 'in', ids)
      .orderBy('platform')
      .execute(),
    db
      .selectFrom('blacklist')
      .select('member_id')
      .where('community_id', '=', communityId)
      .where('member_id', 'in', ids)
      .where('lifted_at', 'is', null)
      .execute(),
  ]);
  const group = (rows: Array<{ member_id: number; value: string }>) => {
    const map = new Map<number, string[]>();
    for (const r of rows) {
      const list = map.get(Number(r.member_id)) ?? [];
      if (!list.includes(r.value)) list.push(r.value);
      map.set(Number(r.member_id), list);
    }
    return map;
  };
  return {
    tags: group(tags.map((r) => ({ member_id: r.member_id, value: r.tag }))),
    roles: group(roles.map((r) => ({ member_id: r.member_id, value: r.role }))),
    sources: group(sources.map((r) => ({ member_id: r.member_id, value: r.platform }))),
    blacklisted: new Set(blacklisted.map((r) => Number(r.member_id))),
  };
}
