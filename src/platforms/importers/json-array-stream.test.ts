import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBinaryValue } from './binary-strings.js';
import { streamJsonArray, streamJsonArrayChunks } from './json-array-stream.js';

const dir = mkdtempSync(join(tmpdir(), 'shequn-json-'));
function file(name: string, text: string) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function collect(path: string, key = 'messages', chunkSize?: number) {
  const out: Array<{ index: number; value: unknown; header: Record<string, unknown> }> = [];
  for await (const item of streamJsonArray(path, key, { itemName: 'message', chunkSize }))
    out.push({ ...item, header: { ...item.header } });
  return out;
}

/** Elements read with binary strings allowed, decoded back; with which of them came binary. */
async function collectBinary(path: string, chunkSize?: number) {
  const values: unknown[] = [];
  const binary: boolean[] = [];
  for await (const items of streamJsonArrayChunks(path, 'messages', { chunkSize, binaryStrings: true })) {
    for (const item of items) {
      values.push(item.binary ? decodeBinaryValue(item.value) : item.value);
      binary.push(item.binary);
    }
  }
  return { values, binary };
}

/** A pretty-printed document of `count` messages, with nested values and strings full of braces. */
function prettyMessages(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    id: i,
    text: i % 3 ? `第 ${i} 条 }, {"x": [1]} ` : [`a${i} `, { type: 'bold', text: '}\n  }' }],
    entities: i % 2 ? [] : [{ nested: { deeper: [{}, { k: '  }' }] } }],
  }));
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

  it.each([1, 5, 64, 333, 4096, 1 << 20])(
    'cuts pretty-printed elements out at their learned ending, chunk size %i',
    async (chunkSize) => {
      const messages = prettyMessages(60);
      for (const indent of [1, 2, '\t']) {
        const path = file(
          `pretty-${chunkSize}.json`,
          JSON.stringify({ id: 1, messages, after: { x: 1 } }, null, indent),
        );
        const items = await collect(path, 'messages', chunkSize);
        expect(items.map((i) => i.value)).toEqual(messages);
        expect(items.map((i) => i.index)).toEqual(messages.map((_, i) => i));
      }
    },
  );

  it('falls back to scanning where the learned ending also closes nested values', async () => {
    // The first element teaches "\n  }"; later ones close a nested object with the same bytes,
    // so a cut there leaves an element open and must not be taken.
    const element = (i: number) => (i % 2 ? `{"id": ${i},\n "a": 1\n  }` : `{"id": ${i}, "x": {\n  }}`);
    const text = `{"messages": [\n  ${Array.from({ length: 40 }, (_, i) => element(i + 1)).join(',\n  ')}\n]}`;
    for (const chunkSize of [7, 50, 200, 1 << 20]) {
      const items = await collect(file(`nested-end-${chunkSize}.json`, text), 'messages', chunkSize);
      expect(items.map((i) => i.value)).toEqual(
        Array.from({ length: 40 }, (_, i) => ((i + 1) % 2 ? { id: i + 1, a: 1 } : { id: i + 1, x: {} })),
      );
    }
  });

  it.each([
    [
      'an invalid element',
      (lines: string[]) => (lines[33] = lines[33].replace('"id": 10', '"id": tru')),
      /message #10: invalid JSON/,
    ],
    ['a scalar element', (lines: string[]) => lines.splice(32, 0, '    7,'), /message #10: expected an object/],
  ])('names %s after the layout was learned as the scanner does', async (_name, edit, error) => {
    const lines = JSON.stringify({ messages: Array.from({ length: 20 }, (_, i) => ({ id: i })) }, null, 2).split('\n');
    expect(lines[33]).toContain('"id": 10');
    edit(lines);
    for (const chunkSize of [16, 100, 200, 250, 1 << 20])
      await expect(
        collect(file(`bad-late-${chunkSize}.json`, lines.join('\n')), 'messages', chunkSize),
      ).rejects.toThrow(error);
  });

  it('hands over binary strings that decode to the UTF-8 text, at any chunk size', async () => {
    const messages = prettyMessages(30).map((m, i) => ({ ...m, from: i % 2 ? '张三 🎉' : 'Zoë', ключ: 'значение' }));
    for (const chunkSize of [3, 100, 1 << 20]) {
      const { values, binary } = await collectBinary(
        file(`binary-${chunkSize}.json`, JSON.stringify({ messages }, null, 1)),
        chunkSize,
      );
      expect(values).toEqual(messages);
      expect(binary.every(Boolean)).toBe(true);
    }
  });

  it('parses runs with \\u escapes as text, exactly as without binary strings, and refuses invalid UTF-8', async () => {
    const escaped = file('escaped.json', '{"messages": [{"t": "caf\\u00e9 😀"}, {"t": "\\u4e2d\\u0000x"}]}');
    expect(await collectBinary(escaped)).toEqual({
      values: [{ t: 'café 😀' }, { t: '中\u0000x' }],
      binary: [false, false],
    });
    const invalid = join(dir, 'invalid-utf8.json');
    writeFileSync(
      invalid,
      Buffer.concat([
        Buffer.from('{"messages": [{"t": "a'),
        Buffer.from([0xe4, 0xb8]),
        Buffer.from('"}, {"t": "'),
        Buffer.from([0xff]),
        Buffer.from('中"}]}'),
      ]),
    );
    // Once read as text with U+FFFD in place of the bad bytes; now refused where they are.
    await expect(collect(invalid)).rejects.toThrow(/invalid-utf8\.json, line 1, byte 22: not text in UTF-8/);
    await expect(collectBinary(invalid)).rejects.toThrow(/line 1, byte 22/);
  });

  it.each([
    [
      'truncated.json',
      JSON.stringify(doc).slice(0, JSON.stringify(doc).indexOf('"id":2')),
      /truncated\.json, message #1: truncated JSON/,
    ],
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
