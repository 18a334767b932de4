import { describe, expect, it } from 'vitest';
import { DUTY_ROLES } from './roles/member-duties.rules.js';
import { DutyRoleSchema, TimelineSchema } from './member.schemas.js';
import { TIMELINE_KINDS } from './member-timeline.service.js';

// The schemas spell their literal unions out (TypeBox infers `never` from a mapped array); this
// keeps them in step with the lists the code uses.
const literals = (union: unknown) => ((union as { anyOf: Array<{ const: string }> }).anyOf ?? []).map((l) => l.const);

describe('members API schemas', () => {
  it('list every timeline kind', () => {
    const kind = (TimelineSchema.properties.items as any).items.properties.kind;
    expect(literals(kind)).toEqual([...TIMELINE_KINDS]);
  });

  it('list every duty role', () => {
    expect(literals(DutyRoleSchema)).toEqual([...DUTY_ROLES]);
  });
});
