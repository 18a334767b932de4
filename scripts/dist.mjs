// The compiled copy of src/ in dist/ and the record of what it was compiled from. `buildDist`
// (run by `npm run build`, which `npm install` runs through `prepare`) transpiles every source
// file to JavaScript one for one, keeping the folder structure, so paths computed from
// import.meta.url (web/dist, node_modules) resolve alike from src/ and dist/. `distIsFresh` is
// what ./bin/shequn asks before running dist/: only when every source file is still the one it
// was compiled from (same set of files, same size and modification time).
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Written last by a build, so a build that failed or was interrupted leaves no usable dist/. */
const MANIFEST = '.sources.json';

/** Build inputs: the TypeScript files under `srcDir`, tests excepted. */
const isInput = (name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts');

/**
 * `{ 'cli/main.ts': [mtimeMs, size], … }` for every build input under `srcDir`: one readdir per
 * folder and one stat per file, about 3 ms for the 200 files of src/ in a fresh process (paths are
 * put together by hand: node:path's join and relative would triple that).
 */
export function sourceManifest(srcDir) {
  const files = {};
  const walk = (dir, prefix) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(`${dir}/${entry.name}`, `${prefix}${entry.name}/`);
      else if (isInput(entry.name)) {
        const { mtimeMs, size } = statSync(`${dir}/${entry.name}`);
        files[prefix + entry.name] = [mtimeMs, size];
      }
    }
  };
  walk(srcDir, '');
  return files;
}

/** Whether `distDir` was built from the files of `srcDir` as they are now. */
export function distIsFresh(srcDir, distDir) {
  let built;
  try {
    built = JSON.parse(readFileSync(join(distDir, MANIFEST), 'utf8'));
  } catch {
    return false;
  }
  const now = sourceManifest(srcDir);
  const names = Object.keys(now);
  if (names.length !== Object.keys(built).length) return false;
  return names.every((name) => built[name] && built[name][0] === now[name][0] && built[name][1] === now[name][1]);
}

/**
 * Empties `distDir` and transpiles each build input of `srcDir` into it (`a/b.ts` → `a/b.js` and
 * `a/b.js.map`): ESM for Node 20, no bundling, imports left as written.
 */
export async function buildDist(srcDir, distDir) {
  const { build } = await import('esbuild');
  rmSync(distDir, { recursive: true, force: true });
  // Taken before compiling: a file saved during the build makes the result stale, not wrong.
  const files = sourceManifest(srcDir);
  await build({
    entryPoints: Object.keys(files).map((name) => join(srcDir, name)),
    outdir: distDir,
    outbase: srcDir,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  });
  writeFileSync(join(distDir, MANIFEST), JSON.stringify(files));
}
