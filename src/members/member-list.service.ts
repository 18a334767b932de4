import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Db } from '../kernel/db/database.js';
import type { Locale } from '../kernel/http/locale.js';
import { exportMessages } from './member-export.messages.js';
import { countMembers, decorations, findMembers, findMembersWithTotal, type MemberRow } from './member-list.repo.js';
import {
  csvLine,
  EXPORT_COLUMNS,
  isoOrNull,
  parseMemberFilter,
  UTF8_BOM,
  type MemberFilter,
  type MemberFilterQuery,
  type MemberListItem,
  type MemberSort,
} from './member-list.rules.js';

export interface MemberListQuery extends MemberFilterQuery {
  sort?: MemberSort;
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

const ordering = (query: MemberListQuery) =>
  ({ sort: query.sort ?? 'lastActive', order: query.order ?? (query.sort === 'name' ? 'asc' : 'desc') }) as const;

async function toItems(db: Db, communityId: number, rows: MemberRow[]): Promise<MemberListItem[]> {
  const extra = await decorations(
    db,
    communityId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.display_name,
    tier: r.tier,
    firstDay: isoOrNull(r.first_day),
    lastActiveDay: isoOrNull(r.last_active_day),
    messages: r.messages,
    checkins: r.checkins,
    tags: extra.tags.get(r.id) ?? [],
    roles: extra.roles.get(r.id) ?? [],
    sources: extra.sources.get(r.id) ?? [],
    blacklisted: extra.blacklisted.has(r.id),
  }));
}

/**
 * One page of the members list with the total matching the filters.
 *
 * @example
 * await listMembers(db, community.id, { tier: 'lurker', sort: 'joined', limit: 20 })
 * // { total: 1234, items: [{ id, name, tier: 'lurker', … }] }
 */
export async function listMembers(
  db: Db,
  communityId: number,
  query: MemberListQuery,
): Promise<{ total: number; items: MemberListItem[] }> {
  const filter = parseMemberFilter(query);
  const page = { limit: query.limit ?? 50, offset: query.offset ?? 0 };
  if (filter.q !== undefined) {
    const found = await findMembersWithTotal(db, communityId, filter, ordering(query), page);
    // Past the last page the one-pass query has no row to carry the total.
    const total = found.total ?? (await countMembers(db, communityId, filter));
    return { total, items: await toItems(db, communityId, found.rows) };
  }
  const [total, rows] = await Promise.all([
    countMembers(db, communityId, filter),
    findMembers(db, communityId, filter, ordering(query), page),
  ]);
  return { total, items: await toItems(db, communityId, rows) };
}

const EXPORT_BATCH = 1000;

/** Every matching member in list order, decorated a batch at a time so memory stays flat. */
async function* exportItems(
  db: Db,
  communityId: number,
  filter: MemberFilter,
  query: MemberListQuery,
): AsyncGenerator<MemberListItem> {
  const rows = await findMembers(db, communityId, filter, ordering(query));
  for (let i = 0; i < rows.length; i += EXPORT_BATCH)
    yield* await toItems(db, communityId, rows.slice(i, i + EXPORT_BATCH));
}

export type ExportFormat = 'csv' | 'xlsx';

export interface MemberExport {
  fileName: string;
  contentType: string;
  body: Readable;
}

/**
 * The whole filtered list as a CSV (UTF-8 with a byte order mark, formula-guarded cells) or XLSX
 * file, streamed, its headers and coded values (tiers, roles, platforms, yes/no) in `locale`. Filters are validated before anything is sent, so bad input is a clear 400.
 */
export function exportMembers(
  db: Db,
  community: { id: number; slug: string },
  query: MemberListQuery,
  format: ExportFormat,
  now: number,
  locale: Locale = 'zh-CN',
): MemberExport {
  const filter = parseMemberFilter(query);
  const stamp = new Date(now).toISOString().slice(0, 10);
  const fileName = `${community.slug}-members-${stamp}.${format}`;
  const items = exportItems(db, community.id, filter, query);
  const x = exportMessages(locale);
  const header = EXPORT_COLUMNS.map(([key]) => x.headers[key]);
  const cells = (item: MemberListItem) => EXPORT_COLUMNS.map(([, read]) => read(item, x));
  if (format === 'csv') {
    async function* lines() {
      yield UTF8_BOM + csvLine(header);
      for await (const item of items) yield csvLine(cells(item));
    }
    return { fileName, contentType: 'text/csv; charset=utf-8', body: Readable.from(lines()) };
  }
  const body = new PassThrough();
  void (async () => {
    // Plain strings (no shared-strings table): cells are never formulas in XLSX, and memory stays flat.
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: body,
      useStyles: false,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet(x.sheet);
    sheet.addRow(header).commit();
    for await (const item of items) sheet.addRow(cells(item)).commit();
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => body.destroy(error as Error));
  return { fileName, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body };
}
