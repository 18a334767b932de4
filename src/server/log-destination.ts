import { write, writeSync } from 'node:fs';
import { hostname } from 'node:os';

export interface LogDestinationOptions {
  /** Bytes of lines gathered before a write starts. */
  minBytes: number;
  /** The longest a line waits on a quiet server. */
  flushMs: number;
  /**
   * Bytes waiting past which new lines are dropped: a reader that stopped reading. They are counted,
   * and the log tells how many once there is room again (`droppedLinesNotice`).
   */
  maxWaitingBytes: number;
  /** Wait before writing again when the descriptor would block (a full pipe). */
  retryMs: number;
}

const DEFAULTS: LogDestinationOptions = {
  minBytes: 16 * 1024,
  flushMs: 500,
  maxWaitingBytes: 16 * 1024 * 1024,
  retryMs: 10,
};
const EMPTY = Buffer.alloc(0);
/** pino's numbers for the levels of the lines written here by hand. */
export const LEVELS = { info: 30, warn: 40 } as const;

/** The fields pino writes after `time` on every line of this process. */
const ORIGIN = `"pid":${process.pid},"hostname":${JSON.stringify(hostname())}`;

/**
 * The start of a log line as pino writes it (level, time, pid, hostname, in that order, without
 * the closing brace), for lines built by hand on hot or last-resort paths: the rest of the line's
 * fields follow after a comma.
 */
export const pinoLineStart = (level: number, at: number) => `{"level":${level},"time":${at},${ORIGIN}`;

/**
 * The line that tells the log's reader how many lines it lost, in the server's own format (pino's
 * JSON line, with the lines' count as `dropped`).
 */
export function droppedLinesNotice(count: number, at: number): string {
  return `${pinoLineStart(LEVELS.warn, at)},"dropped":${count},"msg":"${count} log line(s) dropped: the log was not being read fast enough"}\n`;
}

/**
 * Log lines gathered in memory and written to a file descriptor a batch at a time: once 16 KB
 * wait, or half a second after the first line on a quiet server. One write is in flight at a
 * time, off the event loop; lines arriving meanwhile join the next. `flushSync` writes whatever
 * is left (`onExit` calls it as the process exits).
 *
 * pino's own buffered destination (sonic-boom) measures its whole pending buffer again for every
 * line it takes, about 2.4 µs a line: a twentieth of the HTTP thread's time in a check-in surge.
 * Here a line costs an array push.
 */
export class BufferedLogDestination {
  private lines: string[] = [];
  private waitingBytes = 0;
  /** Bytes handed to a `write` that has not called back yet. */
  private writing: Buffer | null = null;
  /** Bytes a would-block write left, waiting for their retry. */
  private retrying: Buffer | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly options: LogDestinationOptions;
  /** Lines dropped because too much was waiting. */
  dropped = 0;
  /** Of those, the lines a notice in the log has told of (`droppedLinesNotice`). */
  private droppedTold = 0;

  constructor(
    private readonly fd: number,
    options: Partial<LogDestinationOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  write(line: string): boolean {
    // Characters, not bytes: close enough for thresholds, and free to count.
    if (this.waitingBytes + line.length > this.options.maxWaitingBytes) {
      this.dropped++;
      return false;
    }
    // Room again after lines were dropped: the log says how many before it goes on.
    if (this.dropped > this.droppedTold) this.tellDropped();
    this.lines.push(line);
    this.waitingBytes += line.length;
    this.scheduleFlush();
    return true;
  }

  private tellDropped(): void {
    const notice = droppedLinesNotice(this.dropped - this.droppedTold, Date.now());
    this.droppedTold = this.dropped;
    this.lines.push(notice);
    this.waitingBytes += notice.length;
  }

  /** Starts writing what waits, unless a write is under way (its end starts the next). */
  flush(): void {
    if (this.writing || this.retrying || this.waitingBytes === 0) return;
    this.writeOut(this.take());
  }

  /**
   * Writes out everything not yet handed to a write, now: for the process's exit, when no
   * callback runs any more. A write already under way is left to finish (it is in the kernel or
   * about to be); writing it again could print its lines twice.
   */
  flushSync(): void {
    if (this.dropped > this.droppedTold) this.tellDropped();
    let data = Buffer.concat([this.retrying ?? EMPTY, this.take()]);
    this.retrying = null;
    for (let attempts = 0; data.length > 0 && attempts < 1000; attempts++) {
      try {
        data = data.subarray(writeSync(this.fd, data));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      }
    }
  }

  private onTimer(): void {
    this.timer = null;
    this.flush();
  }

  private take(): Buffer {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const data = Buffer.from(this.lines.join(''));
    this.lines = [];
    this.waitingBytes = 0;
    return data;
  }

  private writeOut(data: Buffer): void {
    this.writing = data;
    write(this.fd, data, 0, data.length, null, (error, written) => {
      this.writing = null;
      if (error && error.code !== 'EAGAIN') return this.scheduleFlush(); // nowhere to tell; the lines are lost
      const rest = error ? data : data.subarray(written);
      if (rest.length === 0) return this.scheduleFlush();
      if (!error) return this.writeOut(rest);
      this.retrying = rest;
      setTimeout(() => {
        if (this.retrying !== rest) return; // flushSync took them
        this.retrying = null;
        this.writeOut(rest);
      }, this.options.retryMs).unref();
    });
  }

  /** Writes now once enough waits, else sets the timer that writes what waits on a quiet server. */
  private scheduleFlush(): void {
    if (this.waitingBytes >= this.options.minBytes) this.flush();
    else if (this.waitingBytes > 0) this.timer ??= setTimeout(() => this.onTimer(), this.options.flushMs).unref();
  }
}

let stdoutDestination: BufferedLogDestination | null = null;

/** The process's one buffered destination on stdout, written out as the process exits. */
export function bufferedStdout(): BufferedLogDestination {
  if (!stdoutDestination) {
    const destination = new BufferedLogDestination(1);
    process.once('exit', () => destination.flushSync());
    stdoutDestination = destination;
  }
  return stdoutDestination;
}
