import { join } from 'node:path';
import type { BlobStore } from './blob-store.js';
import { DiskBlobStore } from './disk-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

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
