import { describe, expect, it } from 'vitest';
import { campFromTemplate, campStatus, CAMP_TEMPLATES, formatClock, parseClock } from './camp.rules.js';

describe('campFromTemplate', () => {
  it('starts from the template and takes the overrides', () => {
    expect(campFromTemplate('early-riser-21')).toMatchObject({
      lengthDays: 21,
      window: { start: 300, end: 480 },
      settings: { milestones: [3, 7, 15, 21] },
    });
    expect(campFromTemplate('reading-30').content).toMatchObject({ number: true, numberLabel: 'pages' });
    const custom = campFromTemplate('fitness-100', {
      name: ' Run ',
      window: { start: '22:00', end: '02:00' },
      rules: { freezes: 3 },
      settings: { milestones: [50, 7, 7] },
    });
    expect(custom).toMatchObject({
      name: 'Run',
      window: { start: 1320, end: 120 },
      rules: { freezes: 3, makeUpCards: CAMP_TEMPLATES['fitness-100'].rules.makeUpCards },
      settings: { milestones: [7, 50] },
    });
  });

  it.each([
    [{ lengthDays: 0 }, 'lengthDays'],
    [{ lengthDays: 366 }, 'lengthDays'],
    [{ window: { start: '06:00', end: '06:00' } }, 'window'],
    [{ window: { start: '24:00', end: '06:00' } }, 'window.start'],
    [{ window: { start: '6:00', end: '08:00' } }, 'window.start'],
    [{ rules: { makeUpCards: -1 } }, 'rules.makeUpCards'],
    [{ settings: { milestones: [30] } }, 'settings.milestones'],
    [{ settings: { reminderTime: '25:00' } }, 'settings.reminderTime'],
  ])('refuses %j naming %s', (overrides, field) => {
    expect(() => campFromTemplate('early-riser-21', overrides)).toThrow(expect.objectContaining({ field }));
  });

  it('reads and writes clock times', () => {
    expect([parseClock('00:00', 'x'), parseClock('07:30', 'x'), parseClock('24:00', 'x')]).toEqual([0, 450, 1440]);
    expect([formatClock(0), formatClock(450), formatClock(1440)]).toEqual(['00:00', '07:30', '24:00']);
  });
});

describe('campStatus', () => {
  const camp = { startDay: 100, lengthDays: 21 };
  it('is upcoming before the first day, running through the last, finished after', () => {
    expect([99, 100, 120, 121].map((day) => campStatus(camp, day))).toEqual([
      'upcoming',
      'running',
      'running',
      'finished',
    ]);
  });
});
