import type { Phase, RetentionRates } from '../metrics.rules.js';

/** The METRICS.md report: the very same JSON from the CLI (`report --json`) and the API. */
export interface Report {
  community: string;
  timezone: string;
  range: { from: string; to: string };
  totals: { messages: number; members: number; authors: number; checkIns: number };
  daily: Array<{ date: string; messages: number; activeMembers: number }>;
  tiers: { asOf: string; active: number; observer: number; lurker: number };
  retention: Array<{ cohort: string } & RetentionRates>;
  responseTime: {
    questions: number;
    answered: number;
    medianSeconds: number | null;
    p90Seconds: number | null;
    withinSla: number | null;
    /** Answered questions by time to answer, for the distribution chart. */
    distribution: Array<{ upToSeconds: number | null; count: number }>;
  };
  concentration: { top20Share: number | null };
  groups: Array<{ id: number; name: string; phase: Phase; silent: boolean; m7: number; peak: number }>;
}

export interface ReportRange {
  /** YYYY-MM-DD, inclusive; defaults to the first day with any event. */
  from?: string;
  /** YYYY-MM-DD, inclusive; defaults to the last day with any event. */
  to?: string;
}
