import type { Db } from '../../kernel/db/database.js';
import type { BlobStore, ListedBlob } from '../../kernel/storage/blob-store.js';
import { referencedImageKeys } from './image-sweep.repo.js';
import { CHECKIN_IMAGES_PREFIX, parseImageKey, type ParsedImageKey } from './image-sweep.rules.js';

/** A day: the member page uploads while the member types, so a real check-in names its photo within minutes. */
export const DEFAULT_ORPHAN_AGE_MS = 24 * 60 * 60_000;

/** Keys checked against the check-ins per query: one page's worth keeps memory and statements small. */
const KEYS_PER_QUERY = 500;

export interface ImageSweepOptions {
  /** Only files older than this are candidates; younger ones may still be about to be named. */
  olderThanMs?: number;
}

export interface ImageSweepResult {
  /** Files looked at under `checkins/`. */
  scanned: number;
  deleted: number;
}

/**
 * Deletes the check-in photos no check-in names: the member page uploads a photo before the
 * check-in that carries it, and one never sent (the member gave up, or chose another photo) would
 * otherwise stay in storage for good. Files younger than `olderThanMs` are kept, so are files a
 * check-in names, voided or not, and keys `imageKey` could not have written. Keys are read and
 * checked a page at a time, never all at once.
 *
 * No check-in can be naming a file while the sweep judges it: a check-in attaches only uploads
 * younger than `ATTACH_WITHIN_MS` (checkin-images.service.ts), an hour short of the default age
 * here, so a photo attached in time is committed long before the sweep looks at it. A shorter
 * `olderThanMs` than that (tests) gives up the guarantee.
 *
 * @example
 * const { scanned, deleted } = await sweepOrphanImages(handle.db, files, Date.now());
 */
export async function sweepOrphanImages(
  db: Db,
  files: BlobStore,
  now: number,
  { olderThanMs = DEFAULT_ORPHAN_AGE_MS }: ImageSweepOptions = {},
): Promise<ImageSweepResult> {
  const result = { scanned: 0, deleted: 0 };
  for await (const page of inPages(files.list(CHECKIN_IMAGES_PREFIX), KEYS_PER_QUERY)) {
    result.scanned += page.length;
    result.deleted += await deleteUnreferenced(db, files, oldImageKeys(page, now - olderThanMs));
  }
  return result;
}

/** The files of the page written before the cutoff, as image keys; what does not parse is kept. */
function oldImageKeys(page: ListedBlob[], cutoff: number): ParsedImageKey[] {
  return page.flatMap((blob) => {
    const parsed = blob.modifiedAt < cutoff ? parseImageKey(blob.key) : null;
    return parsed ? [parsed] : [];
  });
}

async function deleteUnreferenced(db: Db, files: BlobStore, keys: ParsedImageKey[]): Promise<number> {
  const referenced = await referencedImageKeys(db, keys);
  const orphans = keys.filter((k) => !referenced.has(k.key));
  for (const orphan of orphans) await files.delete(orphan.key);
  return orphans.length;
}

async function* inPages<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let page: T[] = [];
  for await (const item of items) {
    page.push(item);
    if (page.length === size) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

/** How often photos never attached to a check-in are looked for: they only cost storage. */
export const IMAGE_SWEEP_INTERVAL_MS = 60 * 60_000;

/** Where the hourly sweep reports: counts, or the error (the caller logs it by class only). */
export interface SweepLog {
  info(counts: ImageSweepResult, message: string): void;
  error(error: unknown, message: string): void;
}

/**
 * The sweep for a schedule that ticks more often than hourly: it sweeps when an hour has passed
 * since the last attempt, failed ones included, so a broken bucket is not listed every minute.
 * Reports counts only (keys name members); a failure never throws into the schedule.
 *
 * @example
 * const sweep = hourlyImageSweep(db, files, log);
 * setInterval(() => void sweep(Date.now()), 60_000);
 */
export function hourlyImageSweep(db: Db, files: BlobStore, log: SweepLog): (now: number) => Promise<void> {
  let lastAttemptAt = -Infinity;
  return async (now) => {
    if (now - lastAttemptAt < IMAGE_SWEEP_INTERVAL_MS) return;
    lastAttemptAt = now;
    try {
      log.info(await sweepOrphanImages(db, files, now), 'orphan check-in images swept');
    } catch (error) {
      log.error(error, 'orphan check-in image sweep failed');
    }
  };
}
