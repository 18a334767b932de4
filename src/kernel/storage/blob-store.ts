import { join } from 'node:path';
import { DiskBlobStore } from './disk-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

/** A stored file: its bytes and the type it was stored with. */
export interface Blob {
  bytes: Buffer;
  contentType: string;
}

/** A stored file as a listing names it. */
export interface ListedBlob {
  key: string;
  /** When the file was last written, in epoch milliseconds. */
  modifiedAt: number;
}

/**
 * Where uploaded files (check-in images) live: the data directory by default, S3-compatible
 * storage when configured. Keys are slash-separated paths chosen by Shequn, never by a client.
 */
export interface BlobStore {
  /** Stores the bytes under the key; a reader never sees a half-written file. */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The file, or null when there is none under the key. */
  get(key: string): Promise<Blob | null>;
  exists(key: string): Promise<boolean>;
  /** When the file under the key was written (epoch ms), or null when there is none. */
  modifiedAt(key: string): Promise<number | null>;
  delete(key: string): Promise<void>;
  /**
   * Every file whose key starts with `prefix`, read as a plain string the way S3 reads it
   * (`checkins/1` also matches `checkins/12/…`). Files arrive a page at a time, so a caller never
   * holds the whole listing; no order is promised.
   *
   * @example
   * for await (const { key, modifiedAt } of files.list('checkins/')) …
   */
  list(prefix: string): AsyncIterable<ListedBlob>;
}

/**
 * The store the environment asks for: S3 when `SHEQUN_S3_BUCKET` is set (with `SHEQUN_S3_ENDPOINT`
 * for MinIO and other S3-compatible services, `SHEQUN_S3_REGION`, and the key pair in
 * `SHEQUN_S3_ACCESS_KEY_ID` / `SHEQUN_S3_SECRET_ACCESS_KEY` or the usual `AWS_*` names), otherwise
 * the `files/` directory beside the database.
 *
 * @example
 * const files = blobStoreFromEnv(process.env, '/var/lib/shequn/files');
 */
export function blobStoreFromEnv(env: NodeJS.ProcessEnv, filesDir: string): BlobStore {
  const bucket = env.SHEQUN_S3_BUCKET;
  if (!bucket) return new DiskBlobStore(filesDir);
  const accessKeyId = env.SHEQUN_S3_ACCESS_KEY_ID ?? env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.SHEQUN_S3_SECRET_ACCESS_KEY ?? env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new Error('SHEQUN_S3_BUCKET is set but SHEQUN_S3_ACCESS_KEY_ID / SHEQUN_S3_SECRET_ACCESS_KEY are not');
  }
  const region = env.SHEQUN_S3_REGION ?? env.AWS_REGION ?? 'us-east-1';
  return new S3BlobStore({
    endpoint: env.SHEQUN_S3_ENDPOINT ?? `https://s3.${region}.amazonaws.com`,
    bucket,
    region,
    accessKeyId,
    secretAccessKey,
    prefix: env.SHEQUN_S3_PREFIX ?? '',
  });
}

/** Files beside the uploads staging directory: `<data dir>/uploads` → `<data dir>/files`. */
export function defaultFilesDir(uploadDir: string): string {
  return join(uploadDir, '..', 'files');
}
