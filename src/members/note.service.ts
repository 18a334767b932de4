import { ValidationError } from '../kernel/errors.js';
import { assertMemberOf } from './member-lookup.repo.js';
import { accountName, insertNote, notesOf, type NoteRow } from './note.repo.js';
import type { Executor } from '../kernel/db/database.js';

/** `note`: written by staff; `care`: left when a care-list item is marked done. */
export const NOTE_KINDS = ['note', 'care'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];
export const NOTE_MAX_LENGTH = 2000;

export interface MemberNote {
  id: number;
  kind: string;
  body: string;
  /** The operator account's name; null once that account is deleted. */
  author: string | null;
  createdAt: number;
}

export const presentNote = (n: NoteRow): MemberNote => ({
  id: n.id,
  kind: n.kind,
  body: n.body,
  author: n.author,
  createdAt: n.created_at,
});

/**
 * Adds a note to a member's profile and timeline. Works inside the caller's transaction (the care
 * list marks an item done and leaves its note in one); a single insert is atomic on its own.
 *
 * @example
 * await addMemberNote(trx, { communityId, memberId, accountId, kind: 'care', body: 'Called, will join Friday' }, now)
 */
export async function addMemberNote(
  db: Executor,
  input: { communityId: number; memberId: number; accountId: number | null; kind: NoteKind; body: string },
  now: number,
): Promise<MemberNote> {
  const body = input.body.trim();
  if (body.length === 0) throw new ValidationError('body', 'the note is empty');
  if (body.length > NOTE_MAX_LENGTH)
    throw new ValidationError(
      'body',
      `a note holds at most ${NOTE_MAX_LENGTH} characters; this one has ${body.length}`,
    );
  if (!(NOTE_KINDS as readonly string[]).includes(input.kind))
    throw new ValidationError('kind', `unknown note kind "${input.kind}"`);
  await assertMemberOf(db, input.communityId, input.memberId);
  const id = await insertNote(db, { ...input, body, now });
  return { id, kind: input.kind, body, author: await accountName(db, input.accountId), createdAt: now };
}

export async function memberNotes(db: Executor, communityId: number, memberId: number): Promise<MemberNote[]> {
  return (await notesOf(db, communityId, memberId)).map(presentNote);
}
