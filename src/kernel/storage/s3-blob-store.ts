import { AwsClient } from 'aws4fetch';
import { assertSafeKey, type Blob, type BlobStore } from './blob-store.js';

export interface S3Options {
  /** `https://s3.<region>.amazonaws.com`, or a MinIO/R2/OSS-compatible endpoint. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Prepended to every key, e.g. `shequn/`. */
  prefix: string;
}

/**
 * Files in an S3-compatible bucket, addressed path-style (`<endpoint>/<bucket>/<key>`), which
 * every S3-compatible service accepts. Requests are signed with SigV4; a PUT is atomic on S3.
 */
export class S3BlobStore implements BlobStore {
  private readonly client: AwsClient;

  constructor(private readonly options: S3Options) {
    this.client = new AwsClient({ accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey, region: options.region, service: 's3' });
  }

  private urlOf(key: string): string {
    const path = `${this.options.prefix}${assertSafeKey(key)}`.split('/').map(encodeURIComponent).join('/');
    return `${this.options.endpoint.replace(/\/$/, '')}/${encodeURIComponent(this.options.bucket)}/${path}`;
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    const res = await this.client.fetch(this.urlOf(key), { method: 'PUT', body: new Uint8Array(bytes), headers: { 'content-type': contentType } });
    await expectOk(res, 'PUT', key);
  }

  async get(key: string): Promise<Blob | null> {
    const res = await this.client.fetch(this.urlOf(key), { method: 'GET' });
    if (res.status === 404) return null;
    await expectOk(res, 'GET', key);
    return { bytes: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type') ?? 'application/octet-stream' };
  }

  async exists(key: string): Promise<boolean> {
    const res = await this.client.fetch(this.urlOf(key), { method: 'HEAD' });
    if (res.status === 404) return false;
    await expectOk(res, 'HEAD', key);
    return true;
  }

  async delete(key: string): Promise<void> {
    const res = await this.client.fetch(this.urlOf(key), { method: 'DELETE' });
    if (res.status !== 404) await expectOk(res, 'DELETE', key);
  }
}

async function expectOk(res: Response, method: string, key: string): Promise<void> {
  if (res.ok) {
    if (method !== 'GET') await res.body?.cancel();
    return;
  }
  // S3 error bodies name the code (NoSuchBucket, AccessDenied…) and never echo credentials.
  const body = await res.text().catch(() => '');
  const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1] ?? res.statusText;
  throw new Error(`S3 ${method} ${key}: ${res.status} ${code}`);
}
