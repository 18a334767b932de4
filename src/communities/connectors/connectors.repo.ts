import type { Insertable } from 'kysely';
import type { ConnectorsTable } from '../../kernel/db/schema-outbox.js';
import type { Executor } from '../../kernel/db/database.js';

/** Kysely queries for connectors, the chats they have seen, and the identities behind messages. */

export async function insertConnector(db: Executor, values: Insertable<ConnectorsTable>): Promise<number> {
  const { id } = await db.insertInto('connectors').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function findConnector(db: Executor, id: number, platform: string) {
  return db
    .selectFrom('connectors')
    .selectAll()
    .where('id', '=', id)
    .where('platform', '=', platform)
    .executeTakeFirst();
}

export function listConnectors(db: Executor, communityId: number) {
  return db.selectFrom('connectors').selectAll().where('community_id', '=', communityId).orderBy('id').execute();
}

/** Keeps the newest update id seen (Telegram's grow; a retried older one does not move it back). */
export async function noteUpdate(db: Executor, id: number, updateId: number | null, now: number): Promise<void> {
  await db
    .updateTable('connectors')
    .set((eb) => ({
      last_update_at: now,
      ...(updateId === null
        ? {}
        : {
            last_update_id: eb
              .case()
              .when('last_update_id', 'is', null)
              .then(updateId)
              .when('last_update_id', '<', updateId)
              .then(updateId)
              .else(eb.ref('last_update_id'))
              .end(),
          }),
    }))
    .where('id', '=', id)
    .execute();
}

/** Notes the last error the webhook met (class and code only) and when. */
export async function noteError(db: Executor, id: number, error: string, now: number): Promise<void> {
  await db.updateTable('connectors').set({ last_error: error, last_error_at: now }).where('id', '=', id).execute();
}

export async function upsertChat(
  db: Executor,
  values: { connectorId: number; groupId: number; address: string; now: number },
): Promise<void> {
  await db
    .insertInto('connector_chats')
    .values({
      connector_id: values.connectorId,
      group_id: values.groupId,
      address: values.address,
      updated_at: values.now,
    })
    .onConflict((oc) =>
      oc.columns(['connector_id', 'group_id']).doUpdateSet({ address: values.address, updated_at: values.now }),
    )
    .execute();
}

export async function groupIdOf(
  db: Executor,
  communityId: number,
  platform: string,
  externalId: string,
): Promise<number | null> {
  const row = await db
    .selectFrom('groups')
    .select('id')
    .where('community_id', '=', communityId)
    .where('platform', '=', platform)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  return row?.id ?? null;
}

export function findConnectorById(db: Executor, id: number) {
  return db.selectFrom('connectors').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listEnabledConnectors(db: Executor) {
  return db.selectFrom('connectors').selectAll().where('enabled', '=', 1).orderBy('id').execute();
}

export async function updateConnector(
  db: Executor,
  id: number,
  values: Partial<{
    name: string;
    settings: string;
    credentials: string | null;
    enabled: number;
    account: string | null;
  }>,
): Promise<void> {
  await db.updateTable('connectors').set(values).where('id', '=', id).execute();
}

/** A group's chat address as one connector last saw it. */
export async function chatAddressOf(db: Executor, connectorId: number, groupId: number): Promise<string | null> {
  const row = await db
    .selectFrom('connector_chats')
    .select('address')
    .where('connector_id', '=', connectorId)
    .where('group_id', '=', groupId)
    .executeTakeFirst();
  return row?.address ?? null;
}

/** Which of `connectorIds` have seen the group. */
export async function connectorsWithChat(db: Executor, connectorIds: number[], groupId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('connector_chats')
    .select('connector_id')
    .where('connector_id', 'in', connectorIds)
    .where('group_id', '=', groupId)
    .execute();
  return rows.map((r) => r.connector_id);
}

/** The chats a connector has seen, with the Shequn group each is. */
export function chatsOf(db: Executor, connectorId: number) {
  return db
    .selectFrom('connector_chats as cc')
    .innerJoin('groups as g', 'g.id', 'cc.group_id')
    .select(['g.id as groupId', 'g.name as groupName', 'g.external_id as externalId', 'cc.updated_at as seenAt'])
    .where('cc.connector_id', '=', connectorId)
    .orderBy('g.name')
    .execute();
}

export function listAllConnectors(db: Executor) {
  return db.selectFrom('connectors').selectAll().orderBy('id').execute();
}

/**
 * Takes or renews a connector's lease for `holder` until `until`: succeeds when the lease is free,
 * expired at `now`, or already the holder's. One statement, so two processes never both win.
 */
export async function takeLease(
  db: Executor,
  id: number,
  holder: string,
  now: number,
  until: number,
): Promise<boolean> {
  const result = await db
    .updateTable('connectors')
    .set({ lease_holder: holder, lease_until: until })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([eb('lease_holder', 'is', null), eb('lease_until', '<', now), eb('lease_holder', '=', holder)]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function releaseLease(db: Executor, id: number, holder: string): Promise<void> {
  await db
    .updateTable('connectors')
    .set({ lease_holder: null, lease_until: null })
    .where('id', '=', id)
    .where('lease_holder', '=', holder)
    .execute();
}
