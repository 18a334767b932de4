import { Type } from '@fastify/type-provider-typebox';

/** The one error shape every route answers with (see error-mapper.ts). */
export const ErrorResponse = Type.Object(
  { code: Type.String(), message: Type.String(), requestId: Type.String() },
  { title: 'ErrorResponse' },
);

export const SlugParams = Type.Object({ slug: Type.String({ maxLength: 64 }) });

/** A calendar day in the community's time zone. */
export const DayString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

/** One of a list of strings, typed as their union (a mapped `Type.Union` of literals loses the type). */
export const oneOf = <T extends string>(values: readonly T[], options: { title?: string } = {}) =>
  Type.Unsafe<T>({ ...options, type: 'string', enum: [...values] });
