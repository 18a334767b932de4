import { describe, expect, it } from 'vitest';
import { isoToDay } from '../time/local-day.js';
import { monthOfDay, monthStartDay, splitIntoMonths } from './months.js';

const day = (iso: string) => isoToDay(iso);

describe('rollup months', () => {
  it.each([
    ['1970-01-01', 0],
    ['1970-01-31', 0],
    ['1970-02-01', 1],
    ['2024-02-29', 54 * 12 + 1],
    ['1969-12-31', -1],
  ])('%s is month %i', (iso, month) => {
    expect(monthOfDay(day(iso))).toBe(month);
  });

  it('starts each month on its first day', () => {
    expect(monthStartDay(54 * 12 + 1)).toBe(day('2024-02-01'));
    expect(monthStartDay(-1)).toBe(day('1969-12-01'));
  });

  it('splits a range into whole months and partial edges', () => {
    expect(splitIntoMonths(day('2024-01-01'), day('2024-09-30'))).toEqual({
      months: { from: monthOfDay(day('2024-01-01')), to: monthOfDay(day('2024-09-01')) },
      edges: [],
    });
    expect(splitIntoMonths(day('2024-01-15'), day('2024-04-10'))).toEqual({
      months: { from: monthOfDay(day('2024-02-01')), to: monthOfDay(day('2024-03-01')) },
      edges: [
        { from: day('2024-01-15'), to: day('2024-01-31') },
        { from: day('2024-04-01'), to: day('2024-04-10') },
      ],
    });
    expect(splitIntoMonths(day('2024-02-02'), day('2024-02-28'))).toEqual({
      months: null,
      edges: [{ from: day('2024-02-02'), to: day('2024-02-28') }],
    });
    expect(splitIntoMonths(day('2024-01-31'), day('2024-02-01'))).toEqual({
      months: null,
      edges: [{ from: day('2024-01-31'), to: day('2024-02-01') }],
    });
    expect(splitIntoMonths(day('2024-02-01'), day('2024-02-29'))).toEqual({
      months: { from: monthOfDay(day('2024-02-01')), to: monthOfDay(day('2024-02-01')) },
      edges: [],
    });
  });
});
