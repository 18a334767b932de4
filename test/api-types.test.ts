import { describe, expect, it } from 'vitest';
import { apiTypesSource, checkedInApiTypes, openApiDocument } from '../scripts/api-types.js';

/** The first line where two texts differ, to say where the checked-in file is out of date. */
function firstDifference(expected: string, actual: string): string {
  const want = expected.split('\n');
  const have = actual.split('\n');
  const line = want.findIndex((text, i) => text !== have[i]);
  const at = line === -1 ? want.length : line;
  return `line ${at + 1}: expected ${JSON.stringify(want[at] ?? '(end of file)')}, found ${JSON.stringify(have[at] ?? '(end of file)')}`;
}

describe('the console’s API types', () => {
  it('are generated from the current server: web/src/api/schema.d.ts is up to date', async () => {
    const expected = await apiTypesSource();
    const actual = await checkedInApiTypes();
    if (actual !== expected)
      expect.fail(
        `web/src/api/schema.d.ts differs from the server's OpenAPI document (${firstDifference(expected, actual)}): run \`npm run api:types\` and commit the file`,
      );
  });

  it('name every answer: each operation has a success and an error response schema', async () => {
    const doc = (await openApiDocument()) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: unknown }> }>>;
    };
    for (const [path, operations] of Object.entries(doc.paths))
      for (const [method, operation] of Object.entries(operations)) {
        const statuses = Object.keys(operation.responses);
        const label = `${method.toUpperCase()} ${path}`;
        const success = statuses.filter((s) => s.startsWith('2'));
        expect(success, label).not.toEqual([]);
        for (const status of success.filter((s) => s !== '204'))
          expect(operation.responses[status].content, `${label} ${status}`).toBeDefined();
        expect(operation.responses['4XX']?.content, label).toBeDefined();
      }
  });
});
