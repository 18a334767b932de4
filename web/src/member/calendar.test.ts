import { describe, expect, it } from 'vitest';
import { addDays, campCalendar, makeUpCandidates } from './calendar';

const camp = { startDate: '2025-03-01', lengthDays: 7 };

describe('campCalendar', () => {
  it('marks each camp day checked, made up, voided, missed, today or future', () => {
    const days = campCalendar(camp, '2025-03-05', [
      { date: '2025-03-01', kind: 'normal', voided: false },
      { date: '2025-03-02', kind: 'makeup', voided: false },
      { date: '2025-03-03', kind: 'normal', voided: true },
    ]);
    expect(days.map((d) => `${d.day}:${d.status}`)).toEqual([
      '1:checked',
      '2:makeup',
      '3:voided',
      '4:missed',
      '5:today',
      '6:future',
      '7:future',
    ]);
  });

  it('counts a day checked in today as checked, not open', () => {
    const [first] = campCalendar({ startDate: '2025-03-01', lengthDays: 1 }, '2025-03-01', [
      { date: '2025-03-01', kind: 'normal', voided: false },
    ]);
    expect(first.status).toBe('checked');
  });

  it('steps over month ends and leap days as dates', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
  });
});

describe('makeUpCandidates', () => {
  // Days 1–4 missed, today is day 5.
  const days = campCalendar(camp, '2025-03-05', []);

  it('offers missed days within the camp limit, most recent first', () => {
    const offered = makeUpCandidates(days, { makeUpsLeft: 2, maxDaysLate: 2, today: '2025-03-05' });
    expect(offered.map((d) => d.date)).toEqual(['2025-03-04', '2025-03-03']);
  });

  it('offers nothing without make-ups left or when every miss is too old', () => {
    expect(makeUpCandidates(days, { makeUpsLeft: 0, maxDaysLate: 9, today: '2025-03-05' })).toEqual([]);
    expect(makeUpCandidates(days, { makeUpsLeft: 3, maxDaysLate: 0, today: '2025-03-05' })).toEqual([]);
  });

  it('never offers a voided day: its check-in stays on that day', () => {
    const withVoid = campCalendar(camp, '2025-03-05', [{ date: '2025-03-04', kind: 'normal', voided: true }]);
    expect(
      makeUpCandidates(withVoid, { makeUpsLeft: 1, maxDaysLate: 3, today: '2025-03-05' }).map((d) => d.date),
    ).toEqual(['2025-03-03', '2025-03-02']);
  });
});
