import type { FastifyRequest } from 'fastify';
import { cleanStrings } from '../text/clean-text.js';

/**
 * A `preValidation` hook: every string of a request's JSON body, query string and path
 * parameters, cleaned of control characters (kernel/text/clean-text.ts) before any schema or
 * handler sees them. So a NUL typed into a check-in, a note or a member search is dropped here,
 * alike on SQLite and PostgreSQL, instead of answering 500 from PostgreSQL.
 */
export async function cleanRequestText(request: FastifyRequest): Promise<void> {
  request.body = cleanStrings(request.body);
  request.query = cleanStrings(request.query);
  request.params = cleanStrings(request.params);
}
