/**
 * `npm run api:types`: writes the console's API types (web/src/api/schema.d.ts) from the server's
 * OpenAPI document, so the console reads exactly what the routes' response schemas say.
 *
 * The app is built without listening, on an in-memory SQLite database, and its document read with
 * `inject`; openapi-typescript turns it into types. test/api-types.test.ts regenerates the file in
 * memory and fails when the checked-in one differs, so a route change without a new file fails CI.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { openDatabase } from '../src/kernel/db/database.js';
import { buildApp } from '../src/server/app.js';

export const SCHEMA_FILE = fileURLToPath(new URL('../web/src/api/schema.d.ts', import.meta.url));

const HEADER = `/**
 * The API's types, generated from the server's OpenAPI document by \`npm run api:types\`
 * (scripts/api-types.ts). Do not edit: change the route schemas on the server and run it again.
 */

`;

/** The OpenAPI document as the server serves it at /api/docs/json, built from the defaults. */
export async function openApiDocument(): Promise<unknown> {
  // Settings can show in the document (the image size limit in a description): the file must not
  // depend on the machine that generates it.
  const settings = Object.keys(process.env).filter((name) => name.startsWith('SHEQUN_'));
  const saved = settings.map((name) => [name, process.env[name]] as const);
  for (const name of settings) delete process.env[name];
  const handle = await openDatabase({ dataDir: ':memory:' });
  try {
    const app = await buildApp({ handle, apiDocs: 'public' });
    try {
      const res = await app.inject({ url: '/api/docs/json' });
      if (res.statusCode !== 200) throw new Error(`/api/docs/json answered ${res.statusCode}: ${res.body}`);
      return res.json();
    } finally {
      await app.close();
    }
  } finally {
    await handle.close();
    for (const [name, value] of saved) process.env[name] = value;
  }
}

/** The text of web/src/api/schema.d.ts for the current server. */
export async function apiTypesSource(): Promise<string> {
  const nodes = await openapiTS((await openApiDocument()) as Parameters<typeof openapiTS>[0], { silent: true });
  return HEADER + astToString(nodes);
}

/** The checked-in file, or '' when there is none yet. */
export async function checkedInApiTypes(): Promise<string> {
  return readFile(SCHEMA_FILE, 'utf8').catch(() => '');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const source = await apiTypesSource();
  if (source === (await checkedInApiTypes())) console.log(`${SCHEMA_FILE} is up to date`);
  else {
    await writeFile(SCHEMA_FILE, source);
    console.log(`wrote ${SCHEMA_FILE}`);
  }
}
