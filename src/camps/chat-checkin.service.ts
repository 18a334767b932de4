import { parseSettings } from '../communities/community.rules.js';
import type { DatabaseHandle } from '../kernel/db/database.js';
import type { CampRow } from '../kernel/db/schema-camps.js';
import type { Community } from '../kernel/db/schema.js';
import { enqueue } from '../kernel/outbox/outbox.service.js';
import { dayToIso, isoToDay } from '../kernel/time/local-day.js';
import { communityLocale } from './camp-schedule.rules.js';
import { campConfig } from './camp.service.js';
import * as repo from './chat-checkin.repo.js';
import { chatCheckinKey, chatCheckinReply, chatReplyKey, missingField, type ChatCheckinFacts } from './chat-checkin.rules.js';
import { describeWindow, parseChatCheckin, placeInstant } from './checkin.rules.js';
import { checkInForMember, type CheckinInput, type CheckinOutcome } from './checkin.service.js';

/** A chat message as a connector received it, with its group and author resolved by ingest. */
export interface ChatMessage {
  platform: string;
  /** The message's event source id (unique per platform in the community). */
  sourceId: string;
  groupId: number;
  memberId: number;
  text: string | null;
  /** When the member sent it (UTC ms). */
  occurredAt: number;
}

export const CHECKIN_REPLY_KIND = 'camp.checkin-reply';
/** The check-in API's own limit on text. */
const MAX_TEXT = 4000;

/**
 * Records a check-in posted in a group chat (`打卡 …`, `#checkin …`) for its author, if they are
 * enrolled in a camp held in that group, and enqueues the bot's reply to the message: counted with
 * the streak, or why not (outside the window, already checked in, camp ended …), in the
 * community's language. Other messages are left alone (returns []).
 *
 * Idempotent for a platform's retries: the check-in carries the key `<platform>:<source id>` and
 * the reply the key `checkin-reply:<camp>:<platform>:<source id>`, and the message's own time —
 * not the time it arrived — decides, so a redelivered message is judged as it was first sent.
 *
 * @example
 * await handleChatCheckin(handle, community, { platform: 'telegram', sourceId: '4242:17', groupId, memberId, text: '#checkin 25 pages', occurredAt }, now);
 * // [{ campId: 3, status: 'created' }]
 */
export async function handleChatCheckin(handle: DatabaseHandle, community: Community, message: ChatMessage, now: number) {
  const parsed = message.text ? parseChatCheckin(message.text) : null;
  if (!parsed) return [];
  const camps = await repo.campsForChat(handle.db, community.id, message.groupId, message.memberId);
  if (camps.length === 0) return [];
  const at = Math.min(message.occurredAt, now);
  const running = camps.filter((camp) => runsAt(camp, community.timezone, at));
  // No camp running: the latest one answers (it ended, or has not started yet).
  const chosen = running.length > 0 ? running : [camps[0]];
  const locale = communityLocale(parseSettings(community.settings));
  const input: CheckinInput = {
    ...(parsed.text ? { text: parsed.text.slice(0, MAX_TEXT) } : {}),
    ...(parsed.number !== null ? { number: parsed.number } : {}),
    ...(parsed.link !== null ? { link: parsed.link } : {}),
    idempotencyKey: chatCheckinKey(message.platform, message.sourceId),
  };
  const results: Array<{ campId: number; status: CheckinOutcome['status']; code?: string }> = [];
  for (const camp of chosen) {
    const outcome = await checkInForMember(handle, community, camp.id, message.memberId, input, 'chat', at);
    const text = chatCheckinReply(locale, factsOf(camp, community.timezone, outcome, input));
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
          payload: { replyToSourceId: message.sourceId, campId: camp.id, outcome: outcome.status === 'rejected' ? outcome.code : outcome.status },
        },
        now,
      ),
    );
    results.push({ campId: camp.id, status: outcome.status, ...(outcome.status === 'rejected' ? { code: outcome.code } : {}) });
  }
  return results;
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
    return { status: outcome.status, campName: camp.name, dayNumber: day - camp.start_day + 1, lengthDays: camp.length_days, streak: outcome.streak.currentStreak };
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
