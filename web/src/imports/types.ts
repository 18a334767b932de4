/** Import jobs (POST/GET /api/communities/:slug/imports). */
export const FORMATS = ['telegram', 'slack', 'wechat-csv', 'discord', 'irc'] as const;
export type ImportFormat = (typeof FORMATS)[number];
export const ACCEPT: Record<ImportFormat, string> = {
  telegram: '.json',
  slack: '.zip',
  'wechat-csv': '.csv',
  discord: '.json',
  irc: '.log,.txt',
};

export type ImportState = 'uploading' | 'importing' | 'done' | 'failed';

export interface ImportJob {
  id: string;
  state: ImportState;
  format: string;
  fileName: string;
  startedAt?: number | string;
  finishedAt?: number | string;
  progress: { bytes: number; totalBytes?: number; events: number };
  result?: { read: number; inserted: number; duplicates: number; groups?: number };
  error?: { code: string; message: string };
}
