import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/** Maps every error to `{ code, message, requestId }`; internal details stay in the log. */
export function errorMapper(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    return reply.status(error.status).send({ code: error.code, message: error.message, requestId: request.id });
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return reply.status(400).send({ code: 'VALIDATION', message: fastifyError.message, requestId: request.id });
  }
  if (fastifyError.statusCode && fastifyError.statusCode < 500) {
    return reply
      .status(fastifyError.statusCode)
      .send({ code: fastifyError.code ?? 'BAD_REQUEST', message: fastifyError.message, requestId: request.id });
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send({ code: 'INTERNAL', message: 'internal error', requestId: request.id });
}
