import { refreshQuestionsAfterAppend } from '../automation/service-desk/questions.service.js';
import { mergeCampRows } from '../camps/camp/camp-merge.service.js';
import { handleChatCheckin } from '../camps/chat-checkin/chat-checkin.service.js';
import type { DatabaseHandle } from '../kernel/db/database.js';
import { createEventLog, type EventLog, type EventSubscriber } from '../kernel/event-log/event-log.js';
import type { BlobStore } from '../kernel/storage/blob-store.js';
import { bindByMessage } from '../members/identities/bind-code.service.js';
import { markMemberFiguresStale, refreshMemberStats } from '../members/stats/member-stats.service.js';
import { createMemberFigureRefresh, type MemberFigureRefresh } from './member-figures.js';

export interface SubscriberDeps {
  /** Member figures of live traffic, refreshed by the schedule. */
  memberFigures: MemberFigureRefresh;
  /** Where photos posted with a chat check-in are kept; without it they are left out. */
  files?: BlobStore;
}

/**
 * What follows appended events, for every way in (imports, the demo, live connectors):
 * - the service desk's questions, in the append's transaction;
 * - member figures: marked out of date in the append's transaction, then refreshed after an
 *   import at once, for live traffic on the schedule (which also finds the marks an import
 *   left when its process died before the refresh);
 * - chat check-ins (`打卡` / `#checkin` in a group), after the commit;
 * - bind codes: a live message that is a member's bind code links its author to that member.
 */
export function eventSubscribers({ memberFigures, files }: SubscriberDeps): EventSubscriber[] {
  return [
    { name: 'service-desk questions', inTransaction: refreshQuestionsAfterAppend },
    {
      name: 'member figures',
      inTransaction: async (trx, appended) => {
        if (appended.inserted > 0 || appended.repaired > 0) await markMemberFiguresStale(trx, appended.community.id);
      },
      afterCommit: async (handle, appended) => {
        if (appended.origin === 'live') memberFigures.markDirty(appended.community.id);
        else await refreshMemberStats(handle.db, appended.community.id, appended.now);
      },
    },
    {
      name: 'chat check-ins',
      afterCommit: async (handle, appended) => {
        if (appended.message)
          await handleChatCheckin(handle, appended.community, appended.message, appended.now, files);
      },
    },
    {
      name: 'bind codes',
      afterCommit: async (handle, appended) => {
        if (appended.message)
          await bindByMessage(handle.db, appended.community, appended.message, mergeCampRows, appended.now);
      },
    },
  ];
}

/**
 * The event log with every subscriber. Without `memberFigures`, the figures of live traffic wait
 * for nobody's schedule: right for what appends outside a running server (the CLI's import, tests).
 *
 * @example
 * await importExport(wiredEventLog(handle), { path, format: 'telegram', community: 'reading-club' });
 */
export function wiredEventLog(handle: DatabaseHandle, deps: Partial<SubscriberDeps> = {}): EventLog {
  return createEventLog(
    handle,
    eventSubscribers({ memberFigures: deps.memberFigures ?? createMemberFigureRefresh(), files: deps.files }),
  );
}
