/** The export formats the upload form offers (the server's IMPORT_FORMATS), and the files each takes. */
export const FORMATS = ['telegram', 'slack', 'wechat-csv', 'discord', 'irc'] as const;
export type ImportFormat = (typeof FORMATS)[number];
export const ACCEPT: Record<ImportFormat, string> = {
  telegram: '.json',
  slack: '.zip',
  'wechat-csv': '.csv',
  discord: '.json',
  irc: '.log,.txt',
};
