/** A running periodic job; `stop` waits for a run in progress to finish. */
export interface Ticker {
  stop(): Promise<void>;
}

/**
 * Runs `run` every `intervalMs` (first after one interval), never two runs at once: a run that
 * outlasts the interval makes the next tick skip. A failing run is reported to `onError` and the
 * ticker carries on, so a bad minute never stops the schedule or the server. The timer is
 * unref'd: it never keeps the process alive on its own.
 *
 * @example
 * const ticker = startTicker(60_000, () => runCampSchedule(handle, Date.now()), (e) => log.error(...));
 * await ticker.stop();
 */
export function startTicker(
  intervalMs: number,
  run: () => Promise<unknown>,
  onError: (error: unknown) => void,
): Ticker {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = (async () => {
      try {
        await run();
      } catch (error) {
        onError(error);
      } finally {
        running = null;
      }
    })();
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * What may be logged about an error from a background job: its class and code, never its message
 * (a database error's message can quote the row it failed on, names and all).
 */
export function loggableError(error: unknown): { errorName: string; errorCode?: string } {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const code = (error as { code?: unknown }).code;
  return {
    errorName: error.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { errorCode: String(code) } : {}),
  };
}
