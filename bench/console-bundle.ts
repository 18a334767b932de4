import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = join(import.meta.dirname, '..', 'web', 'dist');

/** Relative static imports of a built chunk (`import … from "./x.js"`, `import "./x.js"`); `import("./x.js")` is lazy and skipped. */
function staticImports(code: string): string[] {
  return [...code.matchAll(/(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+\.js)["']/g)].map((m) => m[1]);
}

/**
 * The JavaScript a browser fetches before the console's first render, in files under web/dist:
 * index.html's module scripts and modulepreload links, plus whatever those import statically.
 * Lazily imported chunks (pages, ECharts) are not counted.
 */
export function initialJsFiles(dist = DIST): string[] {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const tags = [
    ...html.matchAll(/<script\b[^>]*\bsrc="([^"]+\.js)"/g),
    ...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+\.js)"/g),
    ...html.matchAll(/<link\b[^>]*\bhref="([^"]+\.js)"[^>]*\brel="modulepreload"/g),
  ].map((m) => join(dist, m[1].replace(/^\//, '')));
  const seen = new Set<string>();
  const queue = [...tags];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    for (const spec of staticImports(readFileSync(file, 'utf8'))) queue.push(join(dirname(file), spec));
  }
  return [...seen].sort();
}

/**
 * Kilobytes (1 KB = 1024 bytes) of the console's initial JavaScript once gzipped, each file on its
 * own as a server would send it. Needs a built console (`npm run build:web`).
 *
 * @example
 * initialJsKbGzip() // e.g. 325.4
 */
export function initialJsKbGzip(dist = DIST): number {
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`no built console at ${dist}; run npm run build:web`);
  const bytes = initialJsFiles(dist).reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);
  return Math.round((bytes / 1024) * 10) / 10;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`${initialJsKbGzip()} KB gzipped in ${initialJsFiles().length} files`);
}
