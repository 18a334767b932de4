import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertSafeKey, blobStoreFromEnv, type BlobStore } from './blob-store.js';
import { DiskBlobStore } from './disk-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

const scratch = mkdtempSync(join(tmpdir(), 'shequn-blobs-'));
// s3rver speaks the S3 REST protocol and checks SigV4 signatures with its fixed key pair.
const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: join(scratch, 's3'), configureBuckets: [{ name: 'shequn-test' }] });
let endpoint = '';

beforeAll(async () => {
  const address = await s3.run();
  endpoint = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await s3.close();
  rmSync(scratch, { recursive: true, force: true });
});

const s3Store = (accessKeyId = 'S3RVER') =>
  new S3BlobStore({ endpoint, bucket: 'shequn-test', region: 'us-east-1', accessKeyId, secretAccessKey: 'S3RVER', prefix: 'p/' });

const stores: Array<[string, () => BlobStore]> = [
  ['disk', () => new DiskBlobStore(join(scratch, 'disk'))],
  ['S3 (s3rver)', () => s3Store()],
];

describe.each(stores)('%s blob store', (_name, make) => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

  it('stores, reads back, reports and deletes a file with its type', async () => {
    const store = make();
    const key = 'checkins/7/42/abc.png';
    expect(await store.exists(key)).toBe(false);
    expect(await store.get(key)).toBeNull();
    await store.put(key, png, 'image/png');
    expect(await store.exists(key)).toBe(true);
    const blob = await store.get(key);
    expect(blob?.contentType).toBe('image/png');
    expect(blob?.bytes.equals(png)).toBe(true);
    await store.delete(key);
    expect(await store.exists(key)).toBe(false);
    await store.delete(key);
  });

  it('replaces a file in place', async () => {
    const store = make();
    await store.put('a/b.jpg', Buffer.from('one'), 'image/jpeg');
    await store.put('a/b.jpg', Buffer.from('two'), 'image/jpeg');
    expect((await store.get('a/b.jpg'))?.bytes.toString()).toBe('two');
  });

  it('refuses keys that could leave its root', async () => {
    const store = make();
    for (const key of ['../x', 'a/../../x', '/etc/passwd', 'a//b', '', 'a/.hidden/../b']) {
      await expect(store.put(key, png, 'image/png'), key).rejects.toThrow(/unsafe storage key/);
    }
  });
});

describe('storage details', () => {
  it('leaves no temporary files behind on disk', async () => {
    const root = join(scratch, 'tidy');
    const store = new DiskBlobStore(root);
    await store.put('x/y.webp', Buffer.from('RIFF'), 'image/webp');
    expect(readdirSync(join(root, 'x')).sort()).toEqual(['y.webp', 'y.webp.type']);
  });

  // s3rver checks the access key of a SigV4 request but not the signature itself.
  it('fails clearly when S3 refuses the credentials', async () => {
    await expect(s3Store('UNKNOWN').put('k.png', Buffer.from('x'), 'image/png')).rejects.toThrow(/S3 PUT k\.png: 403 InvalidAccessKeyId/);
  });

  it('chooses S3 only when a bucket is configured, and insists on credentials', () => {
    expect(blobStoreFromEnv({}, '/tmp/files')).toBeInstanceOf(DiskBlobStore);
    expect(blobStoreFromEnv({ SHEQUN_S3_BUCKET: 'b', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 's' }, '/tmp/files')).toBeInstanceOf(S3BlobStore);
    expect(() => blobStoreFromEnv({ SHEQUN_S3_BUCKET: 'b' }, '/tmp/files')).toThrow(/ACCESS_KEY/);
  });

  it('accepts the keys Shequn generates', () => {
    expect(assertSafeKey('checkins/12/345/0f3a9c.jpg')).toBe('checkins/12/345/0f3a9c.jpg');
  });
});
