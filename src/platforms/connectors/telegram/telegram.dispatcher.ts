import { OutboxSendError, type OutboxItem, type RateLimits } from '../../../kernel/outbox/dispatcher.js';
import { actionOf, mentionsOf, type ConnectorContext, type OutboundAction } from '../../connector.js';
import { botCall } from './telegram.api.js';

/**
 * Telegram's documented limits for a bot: about 30 messages a second in all, and no more than 20
 * a minute into one group. A direct message counts against the overall limit only.
 */
export const TELEGRAM_LIMITS: RateLimits = {
  overall: { count: 30, perMs: 1000 },
  perGroup: { count: 20, perMs: 60_000 },
};

/** The outbox actions the Bot API carries out. */
export const TELEGRAM_ACTIONS: readonly OutboundAction[] = ['send', 'direct', 'reply', 'announce', 'mute', 'remove'];

export interface TelegramSendDeps {
  token: string;
  addresses: Pick<ConnectorContext, 'chatAddress' | 'identityOf'>;
  /** Injected in tests. */
  fetch?: typeof fetch;
}

/**
 * Sends outbox items with the Bot API: `sendMessage` into the group's chat (as a reply when the
 * payload names `replyToSourceId`) or to a member who has started a chat with the bot; `announce`
 * sends and pins; `mute` restricts the member (until `payload.untilMs`, else for a day); `remove`
 * takes them out of the group without banning them (`unbanChatMember` on a member does that).
 *
 * @example
 * const send = telegramSender({ token, addresses: context });
 * await send(item);
 */
export function telegramSender(deps: TelegramSendDeps) {
  const call = <T>(method: string, body: object) => botCall<T>(deps.token, method, body, deps.fetch);
  return async function send(item: OutboxItem): Promise<void> {
    const action = actionOf(item);
    switch (action) {
      case 'send':
      case 'reply':
      case 'direct':
        await call('sendMessage', { chat_id: await chatIdOf(deps, item), text: item.text, ...replyTo(item) });
        return;
      case 'mention': {
        const { text, entities } = await withMentions(deps, item);
        await call('sendMessage', { chat_id: await chatIdOf(deps, item), text, entities, ...replyTo(item) });
        return;
      }
      case 'announce': {
        const chatId = await groupChatOf(deps, item);
        const sent = await call<{ message_id: number }>('sendMessage', { chat_id: chatId, text: item.text });
        await call('pinChatMessage', { chat_id: chatId, message_id: sent.message_id, disable_notification: false });
        return;
      }
      case 'mute':
        await call('restrictChatMember', {
          chat_id: await groupChatOf(deps, item),
          user_id: await userIdOf(deps, item),
          permissions: { can_send_messages: false },
          until_date: Math.ceil(untilMs(item) / 1000),
        });
        return;
      case 'remove':
        await call('unbanChatMember', { chat_id: await groupChatOf(deps, item), user_id: await userIdOf(deps, item) });
        return;
      default:
        throw new OutboxSendError(`Telegram cannot ${action}`, { permanent: true });
    }
  };
}

/**
 * The text with each mentioned member's name in front, each a `text_mention` (Telegram notifies
 * them, username or not); members without a Telegram user id are named without the link.
 * Offsets count UTF-16 code units, as Telegram's do and JavaScript strings are.
 */
async function withMentions(deps: TelegramSendDeps, item: OutboxItem) {
  const entities: Array<{ type: 'text_mention'; offset: number; length: number; user: { id: number } }> = [];
  let prefix = '';
  for (const mention of mentionsOf(item)) {
    const userId = telegramUserId(await deps.addresses.identityOf(mention.memberId));
    if (userId !== null)
      entities.push({ type: 'text_mention', offset: prefix.length, length: mention.name.length, user: { id: userId } });
    prefix += `${mention.name} `;
  }
  return { text: `${prefix}${item.text}`, entities };
}

const DAY_MS = 24 * 60 * 60 * 1000;
const untilMs = (item: OutboxItem) =>
  typeof item.payload.untilMs === 'number' ? item.payload.untilMs : Date.now() + DAY_MS;

async function groupChatOf(deps: TelegramSendDeps, item: OutboxItem): Promise<string> {
  if (item.groupId === null) throw new OutboxSendError(`${actionOf(item)} needs a group`, { permanent: true });
  const address = await deps.addresses.chatAddress(item.groupId);
  // The bot learns a chat's address from its first update there: retry, it may come.
  if (address === null)
    throw new OutboxSendError(
      `no Telegram chat known for group ${item.groupId} yet (has the bot seen a message there?)`,
    );
  return address;
}

async function userIdOf(deps: TelegramSendDeps, item: OutboxItem): Promise<string> {
  if (item.memberId === null)
    throw new OutboxSendError('outbox item names neither a group nor a member', { permanent: true });
  const userId = telegramUserId(await deps.addresses.identityOf(item.memberId));
  if (userId === null)
    throw new OutboxSendError(`member ${item.memberId} has no Telegram user id`, { permanent: true });
  return String(userId);
}

/** The Bot API user id in a member's Telegram identity (`user<id>`, as the importer writes it); null for a name-only one. */
function telegramUserId(identity: string | null): number | null {
  return identity !== null && /^user\d+$/.test(identity) ? Number(identity.slice('user'.length)) : null;
}

const chatIdOf = (deps: TelegramSendDeps, item: OutboxItem) =>
  item.groupId !== null ? groupChatOf(deps, item) : userIdOf(deps, item);

function replyTo(item: OutboxItem): {
  reply_parameters?: { message_id: number; allow_sending_without_reply: boolean };
} {
  const source = item.payload.replyToSourceId;
  if (typeof source !== 'string' || item.groupId === null) return {};
  const messageId = Number(source.slice(source.lastIndexOf(':') + 1));
  // The original may have been deleted: send anyway, without the quote.
  return Number.isSafeInteger(messageId)
    ? { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } }
    : {};
}
