import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BufferedLogDestination } from './log-destination.js';

const line = (i: number) => `{"msg":"line ${i}"}\n`;
const until = async (done: () => boolean, ms = 3000) => {
  for (let waited = 0; !done() && waited < ms; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('BufferedLogDestination', () => {
  const dirs: string[] = [];
  const fds: number[] = [];
  afterEach(() => {
    for (const fd of fds.splice(0)) closeSync(fd);
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempFile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'shequn-log-'));
    dirs.push(dir);
    const file = join(dir, 'log');
    const fd = openSync(file, 'w');
    fds.push(fd);
    return { file, fd, read: () => readFileSync(file, 'utf8') };
  };

  it('holds a few lines until the quiet interval passes, then writes them in order', async () => {
    const { fd, read } = tempFile();
    const log = new BufferedLogDestination(fd, { flushMs: 100 });
    log.write(line(1));
    log.write(line(2));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(read()).toBe('');
    await until(() => read() !== '');
    expect(read()).toBe(line(1) + line(2));
  });

  it('starts a write as soon as enough has gathered, and every line arrives once, in order', async () => {
    const { fd, read } = tempFile();
    const log = new BufferedLogDestination(fd, { minBytes: 200, flushMs: 60_000 });
    const expected: string[] = [];
    for (let i = 0; i < 1000; i++) {
      expected.push(line(i));
      log.write(line(i));
    }
    // Far less than a minute: the writes went out because 200 bytes had gathered.
    await until(() => read().length >= expected.join('').length - 200);
    expect(read().length).toBeGreaterThanOrEqual(expected.join('').length - 200);
    log.flushSync();
    expect(read()).toBe(expected.join(''));
  });

  it('writes what waits at once on flushSync (the process exiting)', () => {
    const { fd, read } = tempFile();
    const log = new BufferedLogDestination(fd, { flushMs: 60_000 });
    log.write(line(1));
    log.flushSync();
    expect(read()).toBe(line(1));
  });

  it('drops and counts lines past the most it lets wait, and says how many in the log once there is room', () => {
    const { fd, read } = tempFile();
    const log = new BufferedLogDestination(fd, { minBytes: 1_000_000, maxWaitingBytes: 30 });
    expect(log.write(line(1))).toBe(true);
    expect(log.write(line(2))).toBe(false);
    expect(log.write(line(3))).toBe(false);
    expect(log.dropped).toBe(2);
    log.flushSync();
    const [first, notice, ...rest] = read().split('\n');
    expect(`${first}\n`).toBe(line(1));
    expect(JSON.parse(notice)).toMatchObject({
      level: 40,
      pid: process.pid,
      dropped: 2,
      msg: '2 log line(s) dropped: the log was not being read fast enough',
    });
    expect(rest).toEqual(['']);

    // Room again: the next line comes after a notice of the lines dropped since the last one.
    expect(log.write(line(4))).toBe(true);
    expect(log.write(line(5))).toBe(false);
    log.flushSync();
    expect(log.write(line(6))).toBe(true);
    log.flushSync();
    const lines = read().split('\n').filter(Boolean);
    expect(lines.slice(2).map((l) => JSON.parse(l) as { msg: string; dropped?: number })).toEqual([
      { msg: 'line 4' },
      expect.objectContaining({ dropped: 1 }),
      { msg: 'line 6' },
    ]);
  });

  it('waits for a full pipe to take more, losing and repeating nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shequn-log-'));
    dirs.push(dir);
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    fds.push(reader, writer);
    // Fill the pipe: the destination's first write meets EAGAIN.
    const filler = Buffer.alloc(4096, 'x');
    let filled = 0;
    for (;;) {
      try {
        filled += writeSync(writer, filler);
      } catch {
        break;
      }
    }
    const log = new BufferedLogDestination(writer, { minBytes: 100, retryMs: 5 });
    const expected = Array.from({ length: 500 }, (_, i) => line(i)).join('');
    for (let i = 0; i < 500; i++) log.write(line(i));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const chunks: Buffer[] = [];
    let total = 0;
    const buffer = Buffer.alloc(65536);
    await until(() => {
      try {
        const n = readSync(reader, buffer);
        chunks.push(Buffer.from(buffer.subarray(0, n)));
        total += n;
      } catch {
        // EAGAIN: nothing to read yet.
      }
      return total >= filled + Buffer.byteLength(expected);
    }, 5000);
    const text = Buffer.concat(chunks).toString();
    expect(text.slice(0, filled)).toBe('x'.repeat(filled));
    expect(text.slice(filled)).toBe(expected);
  });
});
