import type { Executor } from '../../kernel/db/database.js';
import type { ConnectorRow } from '../../kernel/db/schema-outbox.js';
import type { EventLog } from '../../kernel/event-log/event-log.js';
import type { ParsedUpdate } from '../../platforms/connector.js';
import { getCommunityById } from '../community.service.js';
import { loggableError } from '../../kernel/jobs/ticker.js';
import * as repo from './connectors.repo.js';

/**
 * Takes one verified platform update into the event log — the importers' way in, so a live
 * message and the same message imported later are one event, stored once — with the chats' send
 * addresses and the connector's last update, in one transaction. The event log's subscribers
 * then do what follows a message (the service desk's questions in the transaction; chat check-ins,
 * with the photo's download when `fetchFile` is given, after it; member figures on their schedule).
 *
 * Safe to receive twice (platforms retry until answered): the log drops events already stored
 * and the subscribers are idempotent on the message's source id. If the process stops between the
 * commit and a subscriber, the platform's retry finds the event stored and runs them then.
 */
export async function receiveUpdate(
  eventLog: EventLog,
  connector: ConnectorRow,
  update: ParsedUpdate,
  now: number,
  fetchFile?: (ref: string) => Promise<Buffer>,
) {
  const community = await getCommunityById(eventLog.handle.db, connector.community_id);
  const photo = fetchFile && update.photo.length > 0 ? { sizes: update.photo, fetch: fetchFile } : null;
  return eventLog.transaction(async (trx, append) => {
    const appended = await append.events(community, update.events, { now, live: { message: update.message, photo } });
    for (const chat of update.chats) {
      const groupId = await repo.groupIdOf(trx, community.id, connector.platform, chat.externalId);
      if (groupId !== null)
        await repo.upsertChat(trx, { connectorId: connector.id, groupId, address: chat.address, now });
    }
    await repo.noteUpdate(trx, connector.id, update.updateId, now);
    return { inserted: appended.inserted };
  });
}

/**
 * Notes on the connector that its webhook could not take an update (the update is no Telegram
 * update, or a subscriber failed): the error's class and code, as the logs have them, never its
 * message, which can quote the member's text. A small write of its own, outside the update's
 * transaction; its failure is ignored, so it never changes the webhook's answer.
 */
export async function noteFailure(db: Executor, connectorId: number, error: unknown, now: number): Promise<void> {
  const { errorName, errorCode } = loggableError(error);
  try {
    await repo.noteError(db, connectorId, errorCode === undefined ? errorName : `${errorName}:${errorCode}`, now);
  } catch {
    // Health is a hint for operators; the platform's answer must not depend on it.
  }
}
