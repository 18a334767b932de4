import { createQuestionDetector, questionListsFromSettings } from '../../kernel/event-log/question-flag.rules.js';
import { refreshQuestions } from '../../automation/service-desk/questions.repo.js';
import { parseSettings } from '../community.rules.js';
import type { DatabaseHandle } from '../../kernel/db/database.js';
import type { ConnectorRow } from '../../kernel/db/schema-outbox.js';
import type { Community } from '../../kernel/db/schema.js';
import { ingestEvents } from '../../kernel/event-log/ingest.js';
import type { ParsedUpdate, PhotoSize } from '../../platforms/connector.js';
import * as repo from './connectors.repo.js';
import { getCommunityById } from '../community.service.js';

/** A group chat message from a member (never a bot), after ingest has resolved who and where. */
export interface InboundMessage {
  platform: string;
  sourceId: string;
  groupId: number;
  memberId: number;
  text: string | null;
  occurredAt: number;
  /** The photo the message carries, with its download; null without one, or without the platform's credential. */
  photo: InboundPhoto | null;
}

export interface InboundPhoto {
  /** Smallest first. */
  sizes: PhotoSize[];
  fetch(ref: string): Promise<Buffer>;
}

/** A feature reading incoming chat messages (the camps' chat check-ins). */
export type MessageHandler = (
  handle: DatabaseHandle,
  community: Community,
  message: InboundMessage,
  now: number,
) => Promise<unknown>;

async function* asStream<T>(items: T[]): AsyncIterable<T> {
  yield* items;
}

/**
 * Takes one verified platform update: its events go through ingest — the importers' path, so a
 * live message and the same message imported later are one event, stored once — with the
 * service desk's questions kept up to date, the chats' send addresses and the connector's last
 * update, in one transaction. Then a chat message from a member goes to the message handlers,
 * with a way to download the photo it carries when `fetchFile` is given (the platform's credential is set).
 *
 * Safe to receive twice (platforms retry until answered): ingest drops events already stored
 * and the handlers are idempotent on the message's source id. The handlers run after the ingest
 * commits, in transactions of their own; if the process stops in between, the platform's retry
 * finds the event stored and runs them then.
 * Live messages do not refresh member stats (tiers, tags): that happens after imports and in the
 * nightly rollup, not per message.
 */
export async function receiveUpdate(
  handle: DatabaseHandle,
  connector: ConnectorRow,
  update: ParsedUpdate,
  handlers: readonly MessageHandler[],
  now: number,
  fetchFile?: (ref: string) => Promise<Buffer>,
) {
  const community = await getCommunityById(handle.db, connector.community_id);
  const isQuestion = createQuestionDetector(questionListsFromSettings(parseSettings(community.settings)));
  const ingested = await handle.db.transaction().execute(async (trx) => {
    let inserted = 0;
    if (update.events.length > 0) {
      const result = await ingestEvents(handle, trx, community, asStream(update.events), { isQuestion, now });
      await refreshQuestions(trx, community.id, result.touched);
      inserted = result.inserted;
    }
    for (const chat of update.chats) {
      const groupId = await repo.groupIdOf(trx, community.id, connector.platform, chat.externalId);
      if (groupId !== null)
        await repo.upsertChat(trx, { connectorId: connector.id, groupId, address: chat.address, now });
    }
    await repo.noteUpdate(trx, connector.id, update.updateId, now);
    return inserted;
  });
  const message = update.message;
  if (!message || handlers.length === 0) return { inserted: ingested };
  const ids = await repo.resolveIds(
    handle.db,
    community.id,
    message.platform,
    message.group.externalId,
    message.author.externalId,
  );
  // Bots are stored (flagged) but are not members: they never check in.
  if (!ids || ids.isBot) return { inserted: ingested };
  const photo = fetchFile && update.photo.length > 0 ? { sizes: update.photo, fetch: fetchFile } : null;
  const inbound: InboundMessage = {
    platform: message.platform,
    sourceId: message.sourceId,
    groupId: ids.groupId,
    memberId: ids.memberId,
    text: message.text ?? null,
    occurredAt: message.occurredAt,
    photo,
  };
  for (const handler of handlers) await handler(handle, community, inbound, now);
  return { inserted: ingested };
}
