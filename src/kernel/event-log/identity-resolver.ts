import type SQLite from 'better-sqlite3';
import { sql, type Transaction } from 'kysely';
import type { ImportedAuthor, ImportedGroup, Platform } from './event.types.js';
import type { Database } from '../db/schema.js';

export interface ResolvedMember {
  id: number;
  isBot: boolean;
}

/**
 * The identities and groups an append can meet, when it is known beforehand (a live update's few
 * events): only those are loaded, not the community's every identity. Enough to resolve them
 * exactly as a full load would: an author's own identity, everyone sharing their display name
 * (a name is only matched when unambiguous) and name-only identities by that name.
 */
export interface IdentityScope {
  authors: ReadonlyArray<{ platform: string; externalId: string; displayName: string }>;
  groups: ReadonlyArray<{ platform: string; externalId: string }>;
}

/** A scope's external ids by platform, each once: one `in` list per platform (a batch of room posts names dozens). */
function idsByPlatform(items: ReadonlyArray<{ platform: string; externalId: string }>): Map<string, string[]> {
  const ids = new Map<string, Set<string>>();
  for (const { platform, externalId } of items) {
    let set = ids.get(platform);
    if (!set) ids.set(platform, (set = new Set()));
    set.add(externalId);
  }
  return new Map([...ids].map(([platform, set]) => [platform, [...set]]));
}

/** Prefix importers use when a platform names a person but gives no id (e.g. Telegram invites). */
const NAME_ONLY_PREFIX = 'name:';

/** The resolver's inserts on SQLite, prepared once per connection (not once per append). */
const prepared = new WeakMap<SQLite.Database, { member: SQLite.Statement; identity: SQLite.Statement }>();
function insertStatements(sqlite: SQLite.Database) {
  let statements = prepared.get(sqlite);
  if (!statements) {
    statements = {
      member: sqlite.prepare(
        'insert into members (community_id, display_name, is_bot, first_day, created_at) values (?, ?, ?, null, ?)',
      ),
      identity: sqlite.prepare(
        'insert into identities (community_id, member_id, platform, external_id, display_name) values (?, ?, ?, ?, ?)',
      ),
    };
    prepared.set(sqlite, statements);
  }
  return statements;
}

/**
 * Finds or creates the member behind a platform identity, and the group behind a platform chat.
 * Everything is cached for the import, so each identity costs one query at most.
 */
export class IdentityResolver {
  private readonly members = new Map<string, ResolvedMember>();
  private readonly byDisplayName = new Map<string, ResolvedMember | null>();
  /** Name-only identities not yet matched to a real account, by platform and name. */
  private readonly unclaimedNames = new Map<string, ResolvedMember>();
  private readonly groups = new Map<string, number>();

  private readonly insertMemberRow: (displayName: string, isBot: boolean) => Promise<number>;
  private readonly insertIdentityRow: (
    memberId: number,
    platform: string,
    externalId: string,
    displayName: string,
  ) => Promise<void>;

  private constructor(
    private readonly trx: Transaction<Database>,
    private readonly communityId: number,
    private readonly now: number,
    sqlite: SQLite.Database | null,
  ) {
    // New members arrive by the thousand in a big import; on SQLite, prepared statements skip
    // building a query each time (they run in the caller's open transaction on the same connection).
    if (sqlite) {
      const { member, identity } = insertStatements(sqlite);
      this.insertMemberRow = async (name, isBot) =>
        Number(member.run(communityId, name, isBot ? 1 : 0, now).lastInsertRowid);
      this.insertIdentityRow = async (memberId, platform, externalId, name) => {
        identity.run(communityId, memberId, platform, externalId, name);
      };
    } else {
      this.insertMemberRow = async (name, isBot) =>
        (
          await trx
            .insertInto('members')
            .values({
              community_id: communityId,
              display_name: name,
              is_bot: isBot ? 1 : 0,
              first_day: null,
              created_at: now,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      this.insertIdentityRow = async (memberId, platform, externalId, name) => {
        await trx
          .insertInto('identities')
          .values({
            community_id: communityId,
            member_id: memberId,
            platform,
            external_id: externalId,
            display_name: name,
          })
          .execute();
      };
    }
  }

  static async load(
    trx: Transaction<Database>,
    communityId: number,
    now: number,
    sqlite: SQLite.Database | null = null,
    scope: IdentityScope | null = null,
  ): Promise<IdentityResolver> {
    const resolver = new IdentityResolver(trx, communityId, now, sqlite);
    const identities = () =>
      trx
        .selectFrom('identities')
        .innerJoin('members', 'members.id', 'identities.member_id')
        .select([
          'identities.platform',
          'identities.external_id',
          'identities.display_name',
          'members.id',
          'members.is_bot',
        ])
        .where('identities.community_id', '=', communityId);
    const remember = (rows: Awaited<ReturnType<ReturnType<typeof identities>['execute']>>) => {
      for (const row of rows)
        if (!resolver.members.has(`${row.platform}\u0000${row.external_id}`))
          resolver.remember(row.platform, row.external_id, row.display_name, { id: row.id, isBot: row.is_bot === 1 });
    };
    if (!scope) remember(await identities().execute());
    else if (scope.authors.length > 0) {
      // Known authors by their ids (the index); names only for those still unknown, who may claim one.
      remember(
        await identities()
          .where((eb) =>
            eb.or(
              [...idsByPlatform(scope.authors)].map(([platform, ids]) =>
                eb.and([eb('identities.platform', '=', platform), eb('identities.external_id', 'in', ids)]),
              ),
            ),
          )
          .execute(),
      );
      const unknown = scope.authors.filter(
        (a) => a.externalId.startsWith(NAME_ONLY_PREFIX) || !resolver.members.has(`${a.platform}\u0000${a.externalId}`),
      );
      if (unknown.length > 0)
        remember(
          await identities()
            .where((eb) =>
              eb.or(
                unknown.map((a) => {
                  const name = a.externalId.startsWith(NAME_ONLY_PREFIX)
                    ? a.externalId.slice(NAME_ONLY_PREFIX.length)
                    : a.displayName;
                  return eb.and([
                    eb('identities.platform', '=', a.platform),
                    eb.or([
                      eb('identities.display_name', '=', name),
                      eb('identities.external_id', '=', `${NAME_ONLY_PREFIX}${name}`),
                    ]),
                  ]);
                }),
              ),
            )
            .execute(),
        );
    }
    let groupQuery = trx
      .selectFrom('groups')
      .select(['id', 'platform', 'external_id'])
      .where('community_id', '=', communityId);
    if (scope)
      groupQuery = groupQuery.where((eb) =>
        scope.groups.length === 0
          ? sql<boolean>`false`
          : eb.or(
              [...idsByPlatform(scope.groups)].map(([platform, ids]) =>
                eb.and([eb('platform', '=', platform), eb('external_id', 'in', ids)]),
              ),
            ),
      );
    const groups = await groupQuery.execute();
    for (const g of groups) resolver.groups.set(`${g.platform}\u0000${g.external_id}`, g.id);
    return resolver;
  }

  private remember(platform: string, externalId: string, displayName: string, member: ResolvedMember) {
    this.members.set(`${platform}\u0000${externalId}`, member);
    if (externalId.startsWith(NAME_ONLY_PREFIX)) {
      const nameKey = `${platform}\u0000${externalId.slice(NAME_ONLY_PREFIX.length)}`;
      if (this.byDisplayName.get(nameKey)?.id !== member.id) this.unclaimedNames.set(nameKey, member);
      return;
    }
    const nameKey = `${platform}\u0000${displayName}`;
    this.unclaimedNames.delete(nameKey);
    const known = this.byDisplayName.get(nameKey);
    // Two people with one display name make the name ambiguous: never guess between them.
    this.byDisplayName.set(nameKey, known === undefined || known?.id === member.id ? member : null);
  }

  /** The member already known for this identity, without waiting; undefined when not cached. */
  cachedMember(platform: Platform, author: ImportedAuthor): ResolvedMember | undefined {
    return this.members.get(`${platform}\u0000${author.externalId}`);
  }

  cachedGroup(platform: Platform, group: ImportedGroup): number | undefined {
    return this.groups.get(`${platform}\u0000${group.externalId}`);
  }

  async member(platform: Platform, author: ImportedAuthor): Promise<ResolvedMember> {
    const key = `${platform}\u0000${author.externalId}`;
    const cached = this.members.get(key);
    if (cached) return cached;
    if (author.externalId.startsWith(NAME_ONLY_PREFIX)) {
      const named = this.byDisplayName.get(`${platform}\u0000${author.externalId.slice(NAME_ONLY_PREFIX.length)}`);
      if (named) {
        this.members.set(key, named);
        return named;
      }
    }
    const isBot = author.isBot === true;
    // Someone invited by name (no id) who later speaks under that name is the same person.
    const member = (!isBot && this.unclaimedNames.get(`${platform}\u0000${author.displayName}`)) || {
      id: await this.insertMemberRow(author.displayName, isBot),
      isBot,
    };
    await this.insertIdentityRow(member.id, platform, author.externalId, author.displayName);
    this.remember(platform, author.externalId, author.displayName, member);
    return member;
  }

  async group(platform: Platform, group: ImportedGroup): Promise<number> {
    const key = `${platform}\u0000${group.externalId}`;
    const cached = this.groups.get(key);
    if (cached !== undefined) return cached;
    const inserted = await this.trx
      .insertInto('groups')
      .values({
        community_id: this.communityId,
        platform,
        external_id: group.externalId,
        name: group.name,
        created_at: this.now,
        first_day: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    this.groups.set(key, inserted.id);
    return inserted.id;
  }
}
