import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Blob, BlobStore, ListedBlob } from './blob-store.js';
import { assertSafeKey } from './blob-key.js';

const TYPE_SUFFIX = '.type';

/**
 * Files in a directory. A write goes to a temporary file that is flushed to disk and then renamed
 * into place, so after a crash a key holds the whole file or nothing. The content type sits in a
 * small companion file written first, so a present file always has its type.
 */
export class DiskBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    return join(this.root, assertSafeKey(key));
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    await writeDurably(path + TYPE_SUFFIX, Buffer.from(contentType));
    await writeDurably(path, bytes);
  }

  async get(key: string): Promise<Blob | null> {
    const path = this.pathOf(key);
    try {
      const [bytes, type] = await Promise.all([readFile(path), readFile(path + TYPE_SUFFIX, 'utf8')]);
      return { bytes, contentType: type };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.modifiedAt(key)) !== null;
  }

  async modifiedAt(key: string): Promise<number | null> {
    return mtimeOf(this.pathOf(key));
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    await rm(path, { force: true });
    await rm(path + TYPE_SUFFIX, { force: true });
  }

  async *list(prefix: string): AsyncIterable<ListedBlob> {
    for await (const key of this.keysUnder('', prefix)) {
      // Not `pathOf`: the key was read from the directory, and a stray file placed there by hand
      // under a name Shequn would never choose must not break the listing.
      const modifiedAt = await mtimeOf(join(this.root, key));
      // Deleted since its directory was read: it is no longer there to list.
      if (modifiedAt !== null) yield { key, modifiedAt };
    }
  }

  /**
   * The keys under a directory (`''` for the root, else ending in `/`) that start with `prefix`,
   * depth first, descending only into directories that can hold such keys. A file is a stored key
   * when its type companion sits beside it, which is what `put` leaves once it has finished: the
   * companions themselves and the temporary files of a write in progress (or one a crash cut
   * short) have none.
   */
  private async *keysUnder(directory: string, prefix: string): AsyncGenerator<string> {
    const entries = await readdirIfPresent(join(this.root, directory));
    const names = new Set(entries.map((entry) => entry.name));
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = directory + entry.name;
      if (entry.isDirectory() && mayHoldKeysWith(`${path}/`, prefix)) yield* this.keysUnder(`${path}/`, prefix);
      else if (entry.isFile() && path.startsWith(prefix) && names.has(entry.name + TYPE_SUFFIX)) yield path;
    }
  }
}

/** The file's modification time, or null when there is no file there. */
async function mtimeOf(path: string): Promise<number | null> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? stats.mtimeMs : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** A directory holds keys with the prefix when one of the two starts with the other. */
function mayHoldKeysWith(directory: string, prefix: string): boolean {
  return directory.startsWith(prefix) || prefix.startsWith(directory);
}

async function readdirIfPresent(path: string) {
  try {
    return await readdir(path, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function writeDurably(path: string, bytes: Buffer): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const file = await open(temporary, 'w');
  try {
    await file.writeFile(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
}
