import { normalizeTag } from '../tags/tag.rules.js';

/** Platforms a member's handle can be on: the chat platforms Shequn reads. */
export const HANDLE_PLATFORMS = ['telegram', 'irc', 'slack', 'discord', 'wechat', 'web'] as const;
export const NAME_MAX_LENGTH = 100;
export const UPLOAD_MAX_ROWS = 5000;

/** Why a row cannot be created; the console words each in its language. */
export const ROW_ERROR_CODES = [
  'NAME_MISSING',
  'NAME_TOO_LONG',
  'PHONE_INVALID',
  'EMAIL_INVALID',
  'PLATFORM_UNKNOWN',
  'HANDLE_WITHOUT_PLATFORM',
  'TAG_INVALID',
  'GROUP_UNKNOWN',
  'DUPLICATE_IN_FILE',
  'ALREADY_MEMBER',
] as const;
export type RowErrorCode = (typeof ROW_ERROR_CODES)[number];

export interface RowError {
  code: RowErrorCode;
  field: 'name' | 'phone' | 'email' | 'platform' | 'handle' | 'tags' | 'group' | 'row';
}

/** A member as typed in the form or read from a row: raw strings. */
export interface MemberInput {
  name?: string;
  phone?: string;
  email?: string;
  platform?: string;
  handle?: string;
  tags?: string[];
  group?: string;
}

/** A row checked: its cleaned values and what is wrong with it. */
export interface CheckedMember {
  name: string;
  phone: string | null;
  email: string | null;
  platform: string | null;
  handle: string | null;
  tags: string[];
  group: string | null;
  errors: RowError[];
}

/**
 * A phone number as stored: digits, with the leading `+` of an international number; spaces,
 * dashes, dots and brackets dropped. 6 to 15 digits (E.164's most), else null.
 *
 * @example
 * normalizePhone('+86 138-0013-8000') // '+8613800138000'
 * normalizePhone('12ab')              // null
 */
export function normalizePhone(raw: string): string | null {
  const compact = raw.trim().replace(/[\s\-.()（）]/g, '');
  const match = /^(\+?)(\d{6,15})$/.exec(compact);
  return match ? `${match[1]}${match[2]}` : null;
}

/** An email address as stored (lower case), or null when it does not look like one. */
export function normalizeEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length <= 320 ? email : null;
}

const blank = (value: string | undefined) => (value ?? '').trim();

/** Checks one member's fields (not yet against the file or the community). */
export function checkMember(input: MemberInput): CheckedMember {
  const errors: RowError[] = [];
  const name = blank(input.name);
  if (!name) errors.push({ code: 'NAME_MISSING', field: 'name' });
  else if ([...name].length > NAME_MAX_LENGTH) errors.push({ code: 'NAME_TOO_LONG', field: 'name' });
  let phone: string | null = null;
  if (blank(input.phone)) {
    phone = normalizePhone(input.phone!);
    if (!phone) errors.push({ code: 'PHONE_INVALID', field: 'phone' });
  }
  let email: string | null = null;
  if (blank(input.email)) {
    email = normalizeEmail(input.email!);
    if (!email) errors.push({ code: 'EMAIL_INVALID', field: 'email' });
  }
  const platform = blank(input.platform).toLowerCase() || null;
  const handle = blank(input.handle) || null;
  if (platform && !(HANDLE_PLATFORMS as readonly string[]).includes(platform))
    errors.push({ code: 'PLATFORM_UNKNOWN', field: 'platform' });
  if (handle && !platform) errors.push({ code: 'HANDLE_WITHOUT_PLATFORM', field: 'handle' });
  const tags: string[] = [];
  for (const raw of input.tags ?? []) {
    if (!raw.trim()) continue;
    try {
      const tag = normalizeTag(raw);
      if (!tags.includes(tag)) tags.push(tag);
    } catch {
      errors.push({ code: 'TAG_INVALID', field: 'tags' });
      break;
    }
  }
  return {
    name,
    phone,
    email,
    platform,
    handle: platform ? handle : null,
    tags,
    group: blank(input.group) || null,
    errors,
  };
}

/**
 * The keys a member is known by, to find them again: their contacts and handle; a member with
 * none is known by name (so that uploading the same list twice adds no one twice).
 */
export function identityKeys(member: Pick<CheckedMember, 'name' | 'phone' | 'email' | 'platform' | 'handle'>) {
  const keys: Array<{ platform: string; externalId: string }> = [];
  if (member.phone) keys.push({ platform: 'phone', externalId: member.phone });
  if (member.email) keys.push({ platform: 'email', externalId: member.email });
  if (member.platform && member.handle) keys.push({ platform: member.platform, externalId: member.handle });
  return keys;
}

/** Marks rows that repeat an earlier row of the same file (same contact, handle, or name without either). */
export function markDuplicates(rows: CheckedMember[]): void {
  const seen = new Set<string>();
  for (const row of rows) {
    if (row.errors.length > 0) continue;
    const keys = identityKeys(row).map((k) => `${k.platform}\u0000${k.externalId}`);
    if (keys.length === 0) keys.push(`name\u0000${row.name.toLowerCase()}`);
    if (keys.some((k) => seen.has(k))) row.errors.push({ code: 'DUPLICATE_IN_FILE', field: 'row' });
    for (const k of keys) seen.add(k);
  }
}

/** Column names a file may use, in English and Chinese, for each field. */
const HEADERS: Record<keyof Omit<MemberInput, 'tags'> | 'tags', string[]> = {
  name: ['name', 'display name', 'nickname', '姓名', '名字', '昵称', '成员'],
  phone: ['phone', 'mobile', 'tel', '手机', '手机号', '电话'],
  email: ['email', 'e-mail', 'mail', '邮箱', '电子邮件'],
  platform: ['platform', '平台'],
  handle: ['handle', 'account', 'id', 'username', '账号', '用户名'],
  tags: ['tags', 'tag', '标签'],
  group: ['group', '群', '群组', '分组'],
};

/** Which field each column holds (null: a column we do not read). */
export function columnsOf(header: string[]): Array<keyof MemberInput | null> {
  return header.map((cell) => {
    const name = cell.trim().toLowerCase();
    const found = Object.entries(HEADERS).find(([, names]) => names.includes(name));
    return found ? (found[0] as keyof MemberInput) : null;
  });
}

/** A data row as a member, by the header's columns; tags split on commas, semicolons and 、. */
export function rowToInput(cells: string[], columns: Array<keyof MemberInput | null>): MemberInput {
  const input: MemberInput = {};
  columns.forEach((field, i) => {
    const value = (cells[i] ?? '').trim();
    if (!field || !value) return;
    if (field === 'tags') input.tags = value.split(/[,，;；、|]/);
    else input[field] = value;
  });
  return input;
}
