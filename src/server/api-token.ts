import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../kernel/errors.js';

export class UnauthorizedError extends AppError {
  constructor(message: string) {
    super('UNAUTHORIZED', message, 401);
  }
}

/**
 * Checks `Authorization: Bearer <token>` against the configured API token in constant time.
 * Without a configured token every protected route is closed.
 */
export function requireApiToken(expected: string | undefined) {
  return async (request: FastifyRequest) => {
    if (!expected) throw new UnauthorizedError('API access is disabled: set SHEQUN_API_TOKEN');
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    const a = Buffer.from(given);
    const b = Buffer.from(expected);
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw new UnauthorizedError('missing or wrong API token');
  };
}
