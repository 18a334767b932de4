/**
 * Named components for the OpenAPI document: every schema with a `title` (GroupSummary, Camp,
 * ErrorResponse …) is moved to `components.schemas` under that title and referenced from where it
 * was, so generated clients (web/src/api/schema.d.ts) get one named type per shape instead of
 * anonymous copies. Titles are annotations only: validation and serialisation never see this.
 */

type Json = { [key: string]: unknown };

/** Keywords whose value is a schema, or a list of schemas. */
const SCHEMA_KEYWORDS = ['items', 'additionalProperties', 'not', 'anyOf', 'allOf', 'oneOf', 'prefixItems'];

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;

/** Stable JSON (sorted keys), to tell a repeated schema from a different one of the same title. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (!isObject(value)) return JSON.stringify(value);
  return `{${Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
    .join(',')}}`;
}

/**
 * Moves the titled schemas of `document` into `components.schemas` (inner ones first, so a named
 * schema inside another is a reference there too). Two different schemas with one title are a
 * mistake in the server's schemas and fail the document rather than lose one of them.
 *
 * @example
 * await app.register(swagger, { openapi, transformObject: ({ openapiObject }) => namedComponents(openapiObject) });
 */
export function namedComponents<T extends object>(document: T): T {
  const doc = document as Json;
  const components = (isObject(doc.components) ? doc.components : (doc.components = {})) as Json;
  const named = (isObject(components.schemas) ? components.schemas : (components.schemas = {})) as Json;
  const seen = new Map<string, string>(Object.entries(named).map(([name, schema]) => [name, canonical(schema)]));

  const hoist = (schema: unknown): unknown => {
    if (Array.isArray(schema)) return schema.map(hoist);
    if (!isObject(schema)) return schema;
    const out: Json = { ...schema };
    if (isObject(out.properties))
      out.properties = Object.fromEntries(Object.entries(out.properties).map(([key, value]) => [key, hoist(value)]));
    for (const keyword of SCHEMA_KEYWORDS) if (keyword in out) out[keyword] = hoist(out[keyword]);
    const title = out.title;
    if (typeof title !== 'string') return out;
    // `T | null` arrives as T with `nullable` (OpenAPI 3.0): the component is T, the use says null.
    const { nullable, ...shape } = out;
    const text = canonical(shape);
    const known = seen.get(title);
    if (known === undefined) {
      seen.set(title, text);
      named[title] = shape;
    } else if (known !== text) {
      throw new Error(`two different schemas are titled "${title}" in the OpenAPI document`);
    }
    const ref = { $ref: `#/components/schemas/${title}` };
    return nullable === true ? { allOf: [ref], nullable: true } : ref;
  };

  const withSchema = (holder: unknown) => {
    if (isObject(holder) && 'schema' in holder) holder.schema = hoist(holder.schema);
  };
  const content = (holder: unknown) => {
    if (isObject(holder) && isObject(holder.content))
      for (const media of Object.values(holder.content)) withSchema(media);
  };
  for (const item of Object.values(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item)) continue;
    for (const operation of Object.values(item)) {
      if (!isObject(operation)) continue;
      if (Array.isArray(operation.parameters)) for (const parameter of operation.parameters) withSchema(parameter);
      content(operation.requestBody);
      if (isObject(operation.responses)) for (const response of Object.values(operation.responses)) content(response);
    }
  }
  return document;
}
