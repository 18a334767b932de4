import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loggableError, startTicker } from './ticker.js';

describe('startTicker', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('runs every interval, skips a tick while a run is still going, and survives a failing run', async () => {
    let release!: () => void;
    const runs: string[] = [];
    const errors: unknown[] = [];
    const run = vi.fn(async () => {
      runs.push('start');
      if (runs.length === 1) await new Promise<void>((resolve) => (release = resolve));
      if (runs.length === 2) throw new Error('boom');
    });
    const ticker = startTicker(1000, run, (e) => errors.push(e));
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1000);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(3000); // the first run is still going: these ticks skip
    expect(run).toHaveBeenCalledTimes(1);
    release();
    await vi.advanceTimersByTimeAsync(1000);
    expect(run).toHaveBeenCalledTimes(2);
    expect(errors).toEqual([new Error('boom')]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(run).toHaveBeenCalledTimes(3);
    await ticker.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(run).toHaveBeenCalledTimes(3);
  });

  it('stop() waits for the run in progress', async () => {
    let finished = false;
    const ticker = startTicker(
      1000,
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 500));
        finished = true;
      },
      () => undefined,
    );
    await vi.advanceTimersByTimeAsync(1000);
    const stopping = ticker.stop();
    await vi.advanceTimersByTimeAsync(500);
    await stopping;
    expect(finished).toBe(true);
  });
});

describe('loggableError', () => {
  it('keeps the class and code and drops the message, which may quote personal data', () => {
    const pg = Object.assign(new Error('duplicate key value (display_name)=(Alice Wang)'), { code: '23505' });
    expect(loggableError(pg)).toEqual({ errorName: 'Error', errorCode: '23505' });
    expect(JSON.stringify(loggableError(pg))).not.toContain('Alice');
    expect(loggableError('x')).toEqual({ errorName: 'string' });
  });
});
