import type { Report } from '../../src/analytics/report/report.types.js';

/** A hand-written report for renderer tests; each test overrides what it is about. */
export function sampleReport(overrides: Partial<Report> = {}): Report {
  return {
    community: 'camp',
    timezone: 'Asia/Shanghai',
    range: { from: '2024-03-01', to: '2024-03-03' },
    totals: { messages: 1234, members: 60, authors: 25, checkIns: 80 },
    daily: [],
    tiers: { asOf: '2024-03-03', active: 6, observer: 30, lurker: 24 },
    retention: [
      { cohort: '2024-W09', size: 20, week1: 0.5, week2: 0.25, week3: null, week4: null, d1: 0.6, d7: 0.3, d30: null },
      { cohort: '2024-W10', size: 5, week1: null, week2: null, week3: null, week4: null, d1: 0.2, d7: null, d30: null },
    ],
    responseTime: {
      questions: 40,
      answered: 30,
      medianSeconds: 150,
      p90Seconds: 3900,
      withinSla: 0.45,
      distribution: [60, 300, 900, 3600, 14_400, 86_400].map((upToSeconds, i) => ({ upToSeconds, count: i })),
    },
    concentration: { top20Share: 0.8 },
    groups: [],
    ...overrides,
  };
}
