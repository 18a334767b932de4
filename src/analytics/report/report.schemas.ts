import { Type } from '@fastify/type-provider-typebox';
import { DayString } from '../../kernel/http/schemas.js';
import { PhaseSchema } from '../groups/group.schemas.js';

/** The METRICS.md report as the API answers it (report.types.ts): the same JSON as `shequn report --json`. */

const Rate = Type.Union([Type.Number(), Type.Null()]);
const Seconds = Type.Union([Type.Number(), Type.Null()]);

export const RetentionCohortSchema = Type.Object(
  {
    cohort: Type.String({ description: 'ISO week of day 0, e.g. 2024-W10' }),
    size: Type.Integer(),
    week1: Rate,
    week2: Rate,
    week3: Rate,
    week4: Rate,
    d1: Rate,
    d7: Rate,
    d30: Rate,
  },
  { title: 'RetentionCohort' },
);

export const ReportGroupSchema = Type.Object(
  {
    /** A string, as METRICS.md writes the report's JSON; every other route's group id is an integer. */
    id: Type.String({ pattern: '^[0-9]+$' }),
    name: Type.String(),
    phase: PhaseSchema,
    silent: Type.Boolean(),
    m7: Type.Integer({ description: 'non-staff messages in the 7 days ending on the range’s last day' }),
    peak: Type.Integer(),
  },
  { title: 'ReportGroup' },
);

export const ReportSchema = Type.Object(
  {
    community: Type.String({ description: 'the community’s slug' }),
    timezone: Type.String(),
    range: Type.Object({ from: DayString, to: DayString }),
    totals: Type.Object({
      messages: Type.Integer(),
      members: Type.Integer(),
      authors: Type.Integer(),
      checkIns: Type.Integer(),
    }),
    daily: Type.Array(
      Type.Object({ date: DayString, messages: Type.Integer(), activeMembers: Type.Integer() }, { title: 'ReportDay' }),
    ),
    tiers: Type.Object({ asOf: DayString, active: Type.Integer(), observer: Type.Integer(), lurker: Type.Integer() }),
    retention: Type.Array(RetentionCohortSchema),
    responseTime: Type.Object(
      {
        questions: Type.Integer(),
        answered: Type.Integer(),
        medianSeconds: Seconds,
        p90Seconds: Seconds,
        withinSla: Type.Union([Type.Number(), Type.Null()], {
          description: 'share of questions answered within the SLA',
        }),
        distribution: Type.Array(
          Type.Object({
            upToSeconds: Type.Union([Type.Number(), Type.Null()], { description: 'null: longer than every bound' }),
            count: Type.Integer(),
          }),
          { description: 'answered questions by time to answer' },
        ),
      },
      { title: 'ResponseTime' },
    ),
    concentration: Type.Object({ top20Share: Rate }),
    groups: Type.Array(ReportGroupSchema),
  },
  { title: 'Report' },
);
