import type { Community } from '../../kernel/db/schema.js';
import type { Executor } from '../../kernel/db/database.js';
import { ConflictError, NotFoundError, ValidationError } from '../../kernel/errors.js';
import type { EventLog } from '../../kernel/event-log/event-log.js';
import type { ImportedEvent, Platform } from '../../kernel/event-log/event.types.js';
import { addManualTag } from '../tags/tag.repo.js';
import * as repo from './member-create.repo.js';
import {
  type CheckedMember,
  checkMember,
  columnsOf,
  identityKeys,
  markDuplicates,
  type MemberInput,
  rowToInput,
  UPLOAD_MAX_ROWS,
} from './member-create.rules.js';
import type { TableRow } from './member-upload.js';

type Group = Awaited<ReturnType<typeof repo.groupsOf>>[number];

/** A row as the preview shows it: checked against the file and the community. */
export interface PlannedMember extends CheckedMember {
  line: number;
  status: 'new' | 'existing' | 'invalid';
  groupId: number | null;
}

const keyOf = (k: { platform: string; externalId: string }) => `${k.platform}\u0000${k.externalId}`;

/** A group named by id or by name (case and surrounding spaces aside). */
function findGroup(groups: Group[], named: string): Group | undefined {
  const byId = /^#?\d+$/.test(named) ? groups.find((g) => g.id === Number(named.replace('#', ''))) : undefined;
  return byId ?? groups.find((g) => g.name.trim().toLowerCase() === named.toLowerCase());
}

/**
 * Checks members against the community: their group exists, and nobody is there already (by a
 * contact or handle, or, for one without any, by name). Read in `db`, which is the creating
 * transaction when creating, so that a re-upload racing the first adds no one twice.
 */
async function plan(db: Executor, communityId: number, rows: Array<CheckedMember & { line: number }>) {
  markDuplicates(rows);
  const groups = await repo.groupsOf(db, communityId);
  const keys = rows.flatMap(identityKeys);
  const known = await repo.existingIdentities(db, communityId, keys);
  const named = await repo.existingNames(
    db,
    communityId,
    rows.filter((r) => identityKeys(r).length === 0 && r.name).map((r) => r.name),
  );
  return rows.map((row): PlannedMember => {
    let groupId: number | null = null;
    if (row.group) {
      const group = findGroup(groups, row.group);
      if (group) groupId = group.id;
      else row.errors.push({ code: 'GROUP_UNKNOWN', field: 'group' });
    }
    if (row.errors.length === 0) {
      const ids = identityKeys(row);
      const exists = ids.length > 0 ? ids.some((k) => known.has(keyOf(k))) : named.has(row.name);
      if (exists) row.errors.push({ code: 'ALREADY_MEMBER', field: 'row' });
    }
    const status =
      row.errors.length === 0 ? 'new' : row.errors.some((e) => e.code === 'ALREADY_MEMBER') ? 'existing' : 'invalid';
    return { ...row, status, groupId };
  });
}

/** The rows of an uploaded table, checked on their own (header row first). */
function checkTable(table: TableRow[]): Array<CheckedMember & { line: number }> {
  const [header, ...data] = table;
  if (!header) throw new ValidationError('file', 'the file is empty');
  const columns = columnsOf(header.cells);
  if (!columns.includes('name'))
    throw new ValidationError('file', 'the first row must name the columns, one of them "name" (or 姓名 / 昵称)');
  if (data.length > UPLOAD_MAX_ROWS)
    throw new ValidationError('file', `at most ${UPLOAD_MAX_ROWS} members in one file; this one has ${data.length}`);
  return data.map((row) => ({ ...checkMember(rowToInput(row.cells, columns)), line: row.line }));
}

const summary = (rows: PlannedMember[], created: number) => ({
  rows,
  counts: {
    new: rows.filter((r) => r.status === 'new').length,
    existing: rows.filter((r) => r.status === 'existing').length,
    invalid: rows.filter((r) => r.status === 'invalid').length,
  },
  created,
});

/** What an upload would do, row by row; changes nothing. */
export async function previewMemberUpload(db: Executor, community: Community, table: TableRow[]) {
  return summary(await plan(db, community.id, checkTable(table)), 0);
}

/**
 * Creates the upload's new members, all in one transaction of the event log; rows with errors and
 * members already there are left out, so uploading the same file again creates no one.
 */
export async function createMemberUpload(eventLog: EventLog, community: Community, table: TableRow[], now: number) {
  const checked = checkTable(table);
  return eventLog.transaction(async (trx, append) => {
    const rows = await plan(trx, community.id, checked);
    const created = await insertPlanned(trx, append, community, rows, now);
    return summary(rows, created);
  });
}

/** Creates one member from the console's form; 400 for a bad field, 409 when they are there already. */
export async function createOneMember(eventLog: EventLog, community: Community, input: MemberInput, now: number) {
  return eventLog.transaction(async (trx, append) => {
    const [row] = await plan(trx, community.id, [{ ...checkMember(input), line: 1 }]);
    const error = row!.errors[0];
    if (error?.code === 'ALREADY_MEMBER') throw new ConflictError('this member is in the community already');
    if (error?.code === 'GROUP_UNKNOWN') throw new NotFoundError(`group ${input.group}`);
    if (error) throw new ValidationError(error.field, error.code);
    const [id] = await insertMembers(trx, append, community, [row!], now);
    return { id: id! };
  });
}

async function insertPlanned(
  trx: Executor,
  append: Parameters<Parameters<EventLog['transaction']>[0]>[1],
  community: Community,
  rows: PlannedMember[],
  now: number,
) {
  return (
    await insertMembers(
      trx,
      append,
      community,
      rows.filter((r) => r.status === 'new'),
      now,
    )
  ).length;
}

/**
 * The members' rows and identities (phone, email, handle), their tags, and for those given a group
 * a `join` event through the event log, as importers record joins: memberships, first days and
 * figures follow from it as from any join. The join's author is the member's identity on the
 * group's platform: their handle there; on the web `member-<id>` (as rooms do); else, like an
 * export naming someone without an id, `name:<name>`, which their first message there claims.
 */
async function insertMembers(
  trx: Executor,
  append: Parameters<Parameters<EventLog['transaction']>[0]>[1],
  community: Community,
  rows: PlannedMember[],
  now: number,
): Promise<number[]> {
  const groups = new Map((await repo.groupsOf(trx, community.id)).map((g) => [g.id, g]));
  const ids: number[] = [];
  const joins: ImportedEvent[] = [];
  const taken = new Set<string>();
  for (const row of rows) {
    const id = await repo.insertMember(trx, community.id, row.name, now);
    ids.push(id);
    const keys = identityKeys(row);
    const group = row.groupId === null ? undefined : groups.get(row.groupId);
    let author: string | null = null;
    if (group) {
      const own = keys.find((k) => k.platform === group.platform);
      if (own) author = own.externalId;
      else {
        const candidate = group.platform === 'web' ? `member-${id}` : `name:${row.name}`;
        const free =
          !taken.has(`${group.platform}\u0000${candidate}`) &&
          (await repo.existingIdentities(trx, community.id, [{ platform: group.platform, externalId: candidate }]))
            .size === 0;
        author = free ? candidate : `member-${id}`;
        keys.push({ platform: group.platform, externalId: author });
      }
      taken.add(`${group.platform}\u0000${author}`);
    }
    await repo.insertIdentities(trx, community.id, id, row.name, keys);
    for (const tag of row.tags) await addManualTag(trx, community.id, tag, [id], now);
    if (group && author)
      joins.push({
        platform: group.platform as Platform,
        sourceId: `shequn:added:${id}:${group.id}`,
        group: { externalId: group.external_id, name: group.name },
        author: { externalId: author, displayName: row.name },
        kind: 'join',
        occurredAt: now,
      });
  }
  // Also without joins: the subscribers then refresh the member figures, so lists count them at once.
  await append.events(community, joins, { now });
  return ids;
}
