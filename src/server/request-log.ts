import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import pino from 'pino';

/** `/api/m/<token>/…` → `/api/m/[token]/…` */
export function redactPersonalTokens(url: string): string {
  return url.replace(/\/m\/[^/?#]+/, '/m/[token]');
}

/**
 * One log line per request, written when it completes, with the method, the path, the status
 * and the time taken. Fastify's default writes a second line as each request arrives; under a
 * surge of check-ins the two lines cost the server more than the bare route's whole request.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

/**
 * The server's logger: JSON lines on stdout, written asynchronously, so lines logged while a write
 * is under way leave together in the next one (one write per line otherwise, two per request);
 * pino flushes what is buffered when the process exits.
 */
export function serverLogOptions(stream: pino.DestinationStream = pino.destination({ dest: 1, sync: false })): Pick<FastifyServerOptions, 'logger' | 'logController'> {
  return {
    logger: {
      stream,
      // A request is logged as its method and path only, so headers (cookies, tokens, CSRF) never
      // reach the log; members' personal links carry their token in the path, which is redacted.
      serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, url: redactPersonalTokens(req.url) }) },
    },
    logController: new OneLinePerRequest(),
  };
}
