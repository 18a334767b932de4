import { AwsClient } from 'aws4fetch';
import type { Blob, BlobStore, ListedBlob } from './blob-store.js';
import { assertSafeKey } from './blob-key.js';
import { parseListObjectsV2, type ListObjectsPage } from './s3-list-xml.js';

export interface S3Options {
  /** `https://s3.<region>.amazonaws.com`, or a MinIO/R2/OSS-compatible endpoint. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Prepended to every key, e.g. `shequn/`. */
  prefix: string;
  /** Keys per listing request; S3 sends at most (and by default) 1000. */
  listPageSize?: number;
}

/**
 * Files in an S3-compatible bucket, addressed path-style (`<endpoint>/<bucket>/<key>`), which
 * every S3-compatible service accepts. Requests are signed with SigV4; a PUT is atomic on S3.
 */
export class S3BlobStore implements BlobStore {
  private readonly client: AwsClient;

  constructor(private readonly options: S3Options) {
    this.client = new AwsClient({
      accessKeyId: options.accessKeyId,
      secretAccessKey: options.secretAccessKey,
      region: options.region,
      service: 's3',
    });
  }

  private bucketUrl(): string {
    return `${this.options.endpoint.replace(/\/$/, '')}/${encodeURIComponent(this.options.bucket)}`;
  }

  private urlOf(key: string): string {
    const path = `${this.options.prefix}${assertSafeKey(key)}`.split('/').map(encodeURIComponent).join('/');
    return `${this.bucketUrl()}/${path}`;
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    const res = await this.client.fetch(this.urlOf(key), {
      method: 'PUT',
      body: new Uint8Array(bytes),
      headers: { 'content-type': contentType },
    });
    await expectOk(res, 'PUT', key);
  }

  async get(key: string): Promise<Blob | null> {
    const res = await this.client.fetch(this.urlOf(key), { method: 'GET' });
    if (res.status === 404) return null;
    await expectOk(res, 'GET', key);
    return {
      bytes: Buffer.from(await res.arrayBuffer()),
      contentType: res.headers.get('content-type') ?? 'application/octet-stream',
    };
  }

  async exists(key: string): Promise<boolean> {
    return (await this.head(key)) !== null;
  }

  async modifiedAt(key: string): Promise<number | null> {
    const res = await this.head(key);
    if (!res) return null;
    const modified = Date.parse(res.headers.get('last-modified') ?? '');
    if (Number.isNaN(modified)) throw new Error(`S3 HEAD ${key}: no Last-Modified date in the answer`);
    return modified;
  }

  private async head(key: string): Promise<Response | null> {
    const res = await this.client.fetch(this.urlOf(key), { method: 'HEAD' });
    if (res.status === 404) return null;
    await expectOk(res, 'HEAD', key);
    return res;
  }

  async delete(key: string): Promise<void> {
    const res = await this.client.fetch(this.urlOf(key), { method: 'DELETE' });
    if (res.status !== 404) await expectOk(res, 'DELETE', key);
  }

  async *list(prefix: string): AsyncIterable<ListedBlob> {
    let continuationToken: string | null = null;
    do {
      const page: ListObjectsPage = await this.listPage(prefix, continuationToken);
      for (const object of page.objects) {
        // The configured prefix is where Shequn's keys live in the bucket, not part of them.
        if (object.key.startsWith(this.options.prefix))
          yield { key: object.key.slice(this.options.prefix.length), modifiedAt: object.modifiedAt };
      }
      continuationToken = page.nextContinuationToken;
    } while (continuationToken !== null);
  }

  /** One ListObjectsV2 request: the page starting at the token, or the first page without one. */
  private async listPage(prefix: string, continuationToken: string | null): Promise<ListObjectsPage> {
    const url = new URL(this.bucketUrl());
    url.searchParams.set('list-type', '2');
    url.searchParams.set('prefix', this.options.prefix + prefix);
    if (this.options.listPageSize !== undefined) url.searchParams.set('max-keys', String(this.options.listPageSize));
    if (continuationToken !== null) url.searchParams.set('continuation-token', continuationToken);
    const res = await this.client.fetch(url.toString(), { method: 'GET' });
    await expectOk(res, 'LIST', prefix);
    return parseListObjectsV2(await res.text());
  }
}

/** Requests whose answer the caller reads; every other answer's body is let go unread. */
const READS_BODY = new Set(['GET', 'LIST']);

async function expectOk(res: Response, method: string, key: string): Promise<void> {
  if (res.ok) {
    if (!READS_BODY.has(method)) await res.body?.cancel();
    return;
  }
  // S3 error bodies name the code (NoSuchBucket, AccessDenied…) and never echo credentials.
  const body = await res.text().catch(() => '');
  const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1] ?? res.statusText;
  throw new Error(`S3 ${method} ${key}: ${res.status} ${code}`);
}
