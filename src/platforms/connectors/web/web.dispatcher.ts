import { type Dispatcher, type OutboxItem, OutboxSendError } from '../../../kernel/outbox/dispatcher.js';

/**
 * Posts an outbox item into its web room, as the community's bot member; resolves after the
 * post committed. The rooms feature fills it in (server/).
 */
export type RoomPoster = (item: OutboxItem & { groupId: number }) => Promise<void>;

/**
 * The outbox's way into the web rooms: an item for a group is posted into that group's room. The
 * web has no private chats, so a direct message (a member, no group) is given up at once: the
 * member reads what concerns them on their own page.
 */
export function webDispatcher(post: RoomPoster): Dispatcher {
  return {
    async send(item) {
      if (item.groupId === null)
        throw new OutboxSendError('the web community has no direct messages; only posts into a room are sent', {
          permanent: true,
        });
      await post({ ...item, groupId: item.groupId });
    },
  };
}
