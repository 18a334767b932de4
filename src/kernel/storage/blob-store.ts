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
