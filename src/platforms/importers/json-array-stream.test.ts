import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { streamJsonArray } from './json-array-stream.js';

const dir = mkdtempSync(join(tmpdir(), 'shequn-json-'));
function file(name: string, text: string) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function collect(path: string, key = 'messages', chunkSize?: number) {
  const out: Array<{ index: number; value: unknown; header: Record<string, unknown> }> = [];
  for await (const item of streamJsonArray(path, key, { itemName: 'message', chunkSize })) out.push({ ...item, header: { ...item.header } });
  return out;
}

const doc = {
  name: 'chat "one" {braces} [brackets] \\ ',
  id: 7,
  meta: { nested: [1, { a: '}' }] },
  messages: [
    { id: 1, text: 'he said "hi" \\o/ }]{[' },
    { id: 2, text: ['a', { type: 'bold', text: '粗体 ✓' }] },
    { id: 3, text: '\u2028 line sep and emoji 🎉' },
  ],
  tail: true,
};

describe('streamJsonArray', () => {
  it.each([1, 2, 3, 7, 64, 1 << 20])('yields every element with header fields, chunk size %i', async (chunkSize) => {
    const items = await collect(file(`doc-${chunkSize}.json`, JSON.stringify(doc, null, 1)), 'messages', chunkSize);
    expect(items.map((i) => i.value)).toEqual(doc.messages);
    expect(items.map((i) => i.index)).toEqual([0, 1, 2]);
    expect(items[0].header).toEqual({ name: doc.name, id: 7, meta: doc.meta });
  });

  it('handles an empty array and compact JSON', async () => {
    expect(await collect(file('empty.json', '{"id":1,"messages":[]}'))).toEqual([]);
  });

  it('reads elements as it always did where a chunk does not parse as one array', async () => {
    const items = await collect(file('loose.json', '{"messages":[{"id":1} {"id":2},,{"id":3}]}'));
    expect(items.map((i) => i.value)).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  });

  it.each([
    ['truncated.json', JSON.stringify(doc).slice(0, JSON.stringify(doc).indexOf('"id":2')), /truncated\.json, message #1: truncated JSON/],
    ['truncated-header.json', JSON.stringify(doc).slice(0, 60), /truncated-header\.json, byte 60: truncated JSON/],
    ['cut-between.json', '{"id":1,"messages":[{"id":1},', /truncated JSON/],
    ['no-array.json', '{"id":1}', /no-array\.json, top level, field messages: missing/],
    ['not-object.json', '[1,2]', /not a JSON object/],
    ['empty-file.json', '', /empty file/],
    ['bad-element.json', '{"messages":[{"id":1},{"id":tru}]}', /bad-element\.json, message #1: invalid JSON/],
    ['scalar-element.json', '{"messages":[1]}', /message #0: expected an object/],
  ])('rejects %s', async (name, text, error) => {
    await expect(collect(file(name, text))).rejects.toThrow(error);
  });
});
