/** Types of dist.mjs (plain JavaScript, so that ./bin/shequn can run it before anything is compiled). */

/** `{ 'cli/main.ts': [mtimeMs, size], … }` for every build input under `srcDir`. */
export function sourceManifest(srcDir: string): Record<string, [mtimeMs: number, size: number]>;
/** Whether `distDir` was built from the files of `srcDir` as they are now. */
export function distIsFresh(srcDir: string, distDir: string): boolean;
/** Empties `distDir` and transpiles each build input of `srcDir` into it. */
export function buildDist(srcDir: string, distDir: string): Promise<void>;
