import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { assertSafeKey, type Blob, type BlobStore } from './blob-store.js';

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
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    await rm(path, { force: true });
    await rm(path + TYPE_SUFFIX, { force: true });
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
