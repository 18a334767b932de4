import { ValidationError } from '../../kernel/errors.js';

/**
 * Blacklist (小黑屋) actions. Only the record is kept for now: carrying out a mute or removal on
 * the member's platform will go through the outbox (DESIGN.md) once connectors can act.
 */
export const BLACKLIST_ACTIONS = ['mute', 'remove'] as const;
export type BlacklistAction = (typeof BLACKLIST_ACTIONS)[number];
export const REASON_MAX_LENGTH = 500;

/** The reason as stored: trimmed, required, at most 500 characters. */
export function normalizeReason(raw: string): string {
  const reason = raw.trim();
  if (reason.length === 0) throw new ValidationError('reason', 'a reason is required');
  if ([...reason].length > REASON_MAX_LENGTH)
    throw new ValidationError('reason', `a reason has at most ${REASON_MAX_LENGTH} characters`);
  return reason;
}

export function assertBlacklistAction(action: string): BlacklistAction {
  if (!(BLACKLIST_ACTIONS as readonly string[]).includes(action)) {
    throw new ValidationError('action', `unknown action "${action}"; expected ${BLACKLIST_ACTIONS.join(' or ')}`);
  }
  return action as BlacklistAction;
}
