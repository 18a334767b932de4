import type { Community } from '../kernel/db/schema.js';
import type { Executor } from '../kernel/db/database.js';

export function findCommunityBySlug(db: Executor, slug: string): Promise<Community | undefined> {
  return db.selectFrom('communities').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function findCommunityById(db: Executor, id: number): Promise<Community | undefined> {
  return db.selectFrom('communities').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertCommunity(
  db: Executor,
  values: { slug: string; name: string; timezone: string; now: number },
): Promise<Community> {
  return db
    .insertInto('communities')
    .values({ slug: values.slug, name: values.name, timezone: values.timezone, created_at: values.now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listCommunityIds(db: Executor): Promise<number[]> {
  const rows = await db.selectFrom('communities').select('id').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Slugs among `candidates` already taken. */
export async function takenSlugs(db: Executor, candidates: string[]): Promise<Set<string>> {
  if (candidates.length === 0) return new Set();
  const rows = await db.selectFrom('communities').select('slug').where('slug', 'in', candidates).execute();
  return new Set(rows.map((r) => r.slug));
}

export async function updateCommunityRow(
  db: Executor,
  id: number,
  patch: { name?: string; timezone?: string; settings?: string },
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db.updateTable('communities').set(patch).where('id', '=', id).execute();
}
