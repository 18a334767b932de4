import { Type } from '@fastify/type-provider-typebox';
import { DayString } from '../kernel/http/schemas.js';

// Plain strings, checked by range.rules `parseDay`: a malformed day then gets the same clear 400,
// in the request's language, as a reversed or too long range.
const Day = Type.String({ maxLength: 10, description: 'YYYY-MM-DD, a calendar day in the community’s zone' });

/** `?from=&to=&lang=` of the analytics screens and downloads. */
export const RangeQuerySchema = Type.Object(
  {
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    lang: Type.Optional(Type.String({ maxLength: 16, description: 'zh-CN or en; else Accept-Language' })),
  },
  { additionalProperties: false },
);

/** The range a screen shows and why (range.rules `RangeBasis`). */
export const ShownRangeSchema = Type.Object(
  {
    from: DayString,
    to: DayString,
    basis: Type.Union([Type.Literal('request'), Type.Literal('recent'), Type.Literal('lastEvent')]),
  },
  { title: 'ShownRange' },
);
