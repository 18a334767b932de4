import { describe, expect, it } from 'vitest';
import { ImportFileError, importFileErrorOf, ImportFormatError } from './errors.js';

const errno = (code: string, path?: string) => Object.assign(new Error(`${code}: …`), { code, path });

describe('importFileErrorOf', () => {
  it.each([
    ['EISDIR', 'directory'],
    ['ENOENT', 'missing'],
    ['ENOTDIR', 'missing'],
    ['EACCES', 'unreadable'],
    ['EPERM', 'unreadable'],
  ])('words %s as the problem "%s", on the path it happened on', (code, problem) => {
    const mapped = importFileErrorOf(errno(code, 'logs/#a.2024-01-01.log'), 'logs');
    expect(mapped).toBeInstanceOf(ImportFileError);
    expect(mapped).toMatchObject({ problem, path: 'logs/#a.2024-01-01.log', status: 400, code: 'IMPORT_FILE' });
    expect(importFileErrorOf(errno(code), 'chat.csv')).toMatchObject({ path: 'chat.csv' });
  });

  it('leaves every other error as it is', () => {
    const format = new ImportFormatError('a.csv', 'line 2', 'time', 'empty time');
    const other = errno('ECONNRESET');
    expect(importFileErrorOf(format, 'a.csv')).toBe(format);
    expect(importFileErrorOf(other, 'a.csv')).toBe(other);
    expect(importFileErrorOf('text', 'a.csv')).toBe('text');
  });
});
