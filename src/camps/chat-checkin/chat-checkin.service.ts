import { parseSettings } from '../../kernel/db/community-settings.js';
import type { DatabaseHandle } from '../../kernel/db/database.js';
import type { CampRow } from '../../kernel/db/schema-camps.js';
import type { Community } from '../../kernel/db/schema.js';
import { enqueue } from '../../kernel/outbox/outbox.service.js';
import type { BlobStore } from '../../kernel/storage/blob-store.js';
import { dayToIso, isoToDay } from '../../kernel/time/local-day.js';
import { FileTooLargeError, FileUnavailableError } from '../../platforms/connector.js';
import type { InboundPhoto, LiveMessage } from '../../kernel/event-log/live-message.js';
import { communityLocale } from '../schedule/camp-schedule.rules.js';
import { campConfig } from '../camp/camp.service.js';
import * as repo from './chat-checkin.repo.js';
import {
  chatCheckinKey,
  chatCheckinReply,
  chatReplyKey,
  missingField,
  type ChatCheckinFacts,
} from './chat-checkin.rules.js';
import { storeChatImage } from '../images/checkin-images.service.js';
import { describeWindow, parseChatCheckin, placeInstant } from '../checkin/checkin.rules.js';
import { checkInForMember, type CheckinInput, type CheckinOutcome } from '../checkin/checkin.service.js';

/** A chat message as a connector received it (the event log's live message), the photo optional. */
export type ChatMessage = Omit<LiveMessage, 'photo'> & { photo?: InboundPhoto | null };

export const CHECKIN_REPLY_KIND = 'camp.checkin-reply';
/**
 * How long a failing photo download makes the platform send the message again. A platform such
 * as Telegram delivers a bot's updates in order and holds the later ones back while one fails, so
 * past this age the check-in goes on without its photo rather than hold up the group's messages.
 */
export const PHOTO_RETRY_WINDOW_MS = 10 * 60_000;
/** The check-in API's own limit on text. */
const MAX_TEXT = 4000;

/**
 * Records a check-in posted in a group chat (`打卡 …`, `#checkin …`) for its author, if they are
 * enrolled in a camp held in that group, and enqueues the bot's reply to the message: counted with
 * the streak, or why not (outside the window, already checked in, camp ended …), in the
 * community's language. Other messages are left alone (returns []).
 *
 * A photo the message carries (`打卡` as its caption) is downloaded, once, when `files` is given and
 * the author is in a camp here, and stored as the check-in's image: a camp that asks for one then
 * takes the check-in. A photo over the size limit, one the platform no longer gives, or one that is
 * no image is left out (a camp that requires an image then answers that it is missing); any other
 * failed download throws, so the platform retries the update, for `PHOTO_RETRY_WINDOW_MS` after
 * the message was sent.
 *
 * Idempotent for a platform's retries: the check-in carries the key `<platform>:<source id>` and
 * the reply the key `checkin-reply:<camp>:<platform>:<source id>`, the photo is stored under an id
 * made from the same key, and the message's own time — not the time it arrived — decides, so a
 * redelivered message is judged as it was first sent.
 *
 * @example
 * await handleChatCheckin(handle, community, { platform: 'telegram', sourceId: '4242:17', groupId, memberId, text: '#checkin 25 pages', occurredAt }, now);
 * // [{ campId: 3, status: 'created' }]
 */
export async function handleChatCheckin(
  handle: DatabaseHandle,
  community: Community,
  message: ChatMessage,
  now: number,
  files?: BlobStore,
) {
  const parsed = message.text ? parseChatCheckin(message.text) : null;
  if (!parsed) return [];
  const camps = await repo.campsForChat(handle.db, community.id, message.groupId, message.memberId);
  if (camps.length === 0) return [];
  const at = Math.min(message.occurredAt, now);
  const running = camps.filter((camp) => runsAt(camp, community.timezone, at));
  // No camp running: the latest one answers (it ended, or has not started yet).
  const chosen = running.length > 0 ? running : [camps[0]];
  const locale = communityLocale(parseSettings(community.settings));
  const messageKey = chatCheckinKey(message.platform, message.sourceId);
  const input: CheckinInput = {
    ...(parsed.text ? { text: parsed.text.slice(0, MAX_TEXT) } : {}),
    ...(parsed.number !== null ? { number: parsed.number } : {}),
    ...(parsed.link !== null ? { link: parsed.link } : {}),
    idempotencyKey: messageKey,
  };
  const photo =
    files && message.photo
      ? await downloadPhoto(message.photo, now - message.occurredAt < PHOTO_RETRY_WINDOW_MS)
      : null;
  const results: Array<{ campId: number; status: CheckinOutcome['status']; code?: string }> = [];
  for (const camp of chosen) {
    const imagePath = files && photo ? await storeChatImage(files, camp.id, message.memberId, messageKey, photo) : null;
    const campInput = imagePath ? { ...input, imagePath } : input;
    const outcome = await checkInForMember(handle, community, camp.id, message.memberId, campInput, 'chat', at);
    const text = chatCheckinReply(locale, factsOf(camp, community.timezone, outcome, campInput));
    await handle.db.transaction().execute((trx) =>
      enqueue(
        trx,
        {
          communityId: community.id,
          key: chatReplyKey(camp.id, message.platform, message.sourceId),
          kind: CHECKIN_REPLY_KIND,
          target: { platform: message.platform, groupId: message.groupId, memberId: message.memberId },
          locale,
          text,
          payload: {
            replyToSourceId: message.sourceId,
            campId: camp.id,
            outcome: outcome.status === 'rejected' ? outcome.code : outcome.status,
          },
        },
        now,
      ),
    );
    results.push({
      campId: camp.id,
      status: outcome.status,
      ...(outcome.status === 'rejected' ? { code: outcome.code } : {}),
    });
  }
  return results;
}

/**
 * The largest size of the photo the platform gives within the size limit, or null when none: a
 * size over the limit, or one the platform says it cannot give, makes way for the next smaller.
 * Any other failure throws while `retry` holds (the platform sends the message again), else it too
 * makes way.
 */
async function downloadPhoto(photo: InboundPhoto, retry: boolean): Promise<Buffer | null> {
  for (const size of [...photo.sizes].reverse()) {
    try {
      return await photo.fetch(size.ref);
    } catch (error) {
      if (retry && !(error instanceof FileTooLargeError || error instanceof FileUnavailableError)) throw error;
    }
  }
  return null;
}

function runsAt(camp: CampRow, timezone: string, at: number): boolean {
  const { windowDay, localDay } = placeInstant({ start: camp.window_start, end: camp.window_end }, timezone, at);
  const today = windowDay ?? localDay;
  return today >= camp.start_day && today < camp.start_day + camp.length_days;
}

function factsOf(camp: CampRow, timezone: string, outcome: CheckinOutcome, input: CheckinInput): ChatCheckinFacts {
  const config = campConfig(camp);
  if (outcome.status !== 'rejected') {
    const day = isoToDay(outcome.checkin.date);
    return {
      status: outcome.status,
      campName: camp.name,
      dayNumber: day - camp.start_day + 1,
      lengthDays: camp.length_days,
      streak: outcome.streak.currentStreak,
    };
  }
  return {
    status: 'rejected',
    code: outcome.code,
    campName: camp.name,
    window: describeWindow(config.window),
    timezone,
    startDate: dayToIso(camp.start_day),
    missing: outcome.code === 'MISSING_FIELD' ? missingField(config.content, input) : null,
    message: outcome.message,
  };
}
