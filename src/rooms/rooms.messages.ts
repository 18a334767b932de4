/**
 * What the rooms say to a member when they refuse something, in the member's language (the
 * request's `lang`, else its Accept-Language, else the community's locale). `{param}`
 * placeholders are filled by `roomText` (rooms.rules.ts).
 */
export type RoomLocale = 'zh-CN' | 'en';

export const ROOM_REFUSALS = {
  ROOM_NOT_FOUND: {
    'zh-CN': '找不到这个聊天室，或者你不在这个群里',
    en: 'This room does not exist, or you are not in its group.',
  },
  ROOM_LINK_INVALID: { 'zh-CN': '个人链接无效或已过期', en: 'This personal link is not valid (or no longer is).' },
  ROOM_SIGN_IN: {
    'zh-CN': '请先通过你的个人链接或控制台登录',
    en: 'Open the room through your personal link, or sign in to the console.',
  },
  ROOM_TEXT_TOO_LONG: {
    'zh-CN': '消息太长了，最多 {max} 个字',
    en: 'The message is too long: at most {max} characters.',
  },
  ROOM_EMPTY: { 'zh-CN': '消息不能是空的', en: 'The message is empty.' },
  ROOM_RATE_LIMITED: {
    'zh-CN': '发得太快了，请 {seconds} 秒后再试',
    en: 'You are posting too fast; try again in {seconds} s.',
  },
  ROOM_MUTED: { 'zh-CN': '你已被禁言，到 {until} 为止', en: 'You are muted in this room until {until}.' },
  ROOM_BLACKLISTED: { 'zh-CN': '你目前不能在社群里发言', en: 'You cannot post in this community at the moment.' },
  ROOM_REMOVED: { 'zh-CN': '你已被移出这个聊天室', en: 'You were removed from this room.' },
  ROOM_MESSAGE_NOT_FOUND: { 'zh-CN': '找不到这条消息', en: 'That message does not exist.' },
  ROOM_BAD_REACTION: { 'zh-CN': '不支持这个表情', en: 'That reaction is not supported.' },
  ROOM_BAD_CLIENT_ID: { 'zh-CN': '消息编号无效，请刷新页面', en: 'The message id is not valid; reload the page.' },
  ROOM_IMAGE_TOO_LARGE: { 'zh-CN': '图片太大了，最多 {max} MB', en: 'The image is too large: at most {max} MB.' },
  ROOM_IMAGE_INVALID: {
    'zh-CN': '只能发 JPEG、PNG、WebP 或 GIF 图片',
    en: 'Only JPEG, PNG, WebP or GIF images can be posted.',
  },
  ROOM_STAFF_ONLY: { 'zh-CN': '只有工作人员可以这样做', en: 'Only staff can do that.' },
  ROOM_BAD_FRAME: { 'zh-CN': '无法识别的请求', en: 'That request was not understood.' },
} satisfies Record<string, Record<RoomLocale, string>>;

export type RoomRefusalCode = keyof typeof ROOM_REFUSALS;
