import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';
import type { MemberState } from './api';
import { REFUSAL_CODES } from './types';

/** Refusals answered as errors rather than as check-in outcomes: a dead link, a stale photo. */
const OTHER_REFUSALS = ['NOT_FOUND', 'IMAGE_EXPIRED'];

/**
 * The member's own-language reason for a refused check-in, from the answer's stable code (the
 * server's message is English and for developers); anything unexpected gets a "try again".
 *
 * @example
 * refusalMessage(t, new ApiError(409, 'ALREADY_CHECKED_IN', '…'), camp) // '你今天已经打过卡了，明天见！'
 */
export function refusalMessage(t: TFunction, error: Error, camp: MemberState['camp']): string {
  const code = error instanceof ApiError ? error.code : '';
  const known = (REFUSAL_CODES as readonly string[]).includes(code) || OTHER_REFUSALS.includes(code);
  return t(`member:refusals.${known ? code : 'other'}`, {
    ...camp.window,
    startDate: camp.startDate,
    endDate: camp.endDate,
  });
}
