/** Refusals of a check-in the page explains in the member's language (the server's CheckinRejection codes). */
export const REFUSAL_CODES = [
  'OUTSIDE_WINDOW',
  'ALREADY_CHECKED_IN',
  'CAMP_NOT_STARTED',
  'CAMP_ENDED',
  'MISSING_FIELD',
  'MAKEUP_NOT_ALLOWED',
] as const;
