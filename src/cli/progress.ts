/**
 * A one-line progress bar on a terminal's stderr; silent when stderr is not a TTY (pipes, CI),
 * so scripted runs get clean output.
 */
export function createProgressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  if (!stream.isTTY) return { update: (_done: number, _total: number) => undefined, finish: () => undefined };
  let lastDrawn = 0;
  let drawn = false;
  const width = 30;
  const draw = (done: number, total: number) => {
    const ratio = total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(ratio * width);
    stream.write(
      `\r${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${(ratio * 100).toFixed(1).padStart(5)}%`,
    );
    drawn = true;
  };
  return {
    update(done: number, total: number) {
      const now = Date.now();
      if (now - lastDrawn < 100 && done < total) return; // redraw at most ten times a second
      lastDrawn = now;
      draw(done, total);
    },
    finish() {
      if (drawn) stream.write('\n');
    },
  };
}
