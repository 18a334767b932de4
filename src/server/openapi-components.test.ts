import { describe, expect, it } from 'vitest';
import { namedComponents } from './openapi-components.js';

const Phase = { title: 'Phase', type: 'string', enum: ['silent', 'fading'] };
const Group = { title: 'Group', type: 'object', properties: { id: { type: 'integer' }, phase: Phase } };
const json = (schema: object) => ({ content: { 'application/json': { schema } } });

describe('named components', () => {
  it('moves titled schemas, inner ones first, to components and refers to them', () => {
    const doc = namedComponents({
      paths: {
        '/groups': {
          get: { responses: { 200: json({ type: 'array', items: Group }) } },
          patch: {
            requestBody: json({ type: 'object', properties: { phase: Phase } }),
            responses: { 200: json({ ...Group, nullable: true }) },
          },
        },
      },
    });
    expect(doc.paths['/groups'].get.responses[200]).toEqual(
      json({ type: 'array', items: { $ref: '#/components/schemas/Group' } }),
    );
    expect(doc.paths['/groups'].patch.requestBody).toEqual(
      json({ type: 'object', properties: { phase: { $ref: '#/components/schemas/Phase' } } }),
    );
    // `T | null` (OpenAPI 3.0's nullable) refers to T and keeps the null.
    expect(doc.paths['/groups'].patch.responses[200]).toEqual(
      json({ allOf: [{ $ref: '#/components/schemas/Group' }], nullable: true }),
    );
    expect((doc as any).components.schemas).toEqual({
      Phase,
      Group: { ...Group, properties: { id: { type: 'integer' }, phase: { $ref: '#/components/schemas/Phase' } } },
    });
  });

  it('refuses two different schemas of one title', () => {
    const other = { ...Group, properties: { id: { type: 'string' } } };
    expect(() =>
      namedComponents({ paths: { '/a': { get: { responses: { 200: json(Group), 201: json(other) } } } } }),
    ).toThrow('two different schemas are titled "Group"');
  });
});
