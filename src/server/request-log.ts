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

/** Bytes of log lines gathered before one write to stdout. */
const LOG_BUFFER_BYTES = 4096;
/** The longest a line waits in that buffer on a quiet server. */
const LOG_FLUSH_MS = 500;

/**
 * Where the server's log lines go: stdout, written asynchronously in writes of at least 4 KB, or
 * every half second when fewer lines came. Under a surge of check-ins one write per line was a
 * system call per request on the HTTP thread (a twentieth of its time); pino writes out what is
 * buffered when the process exits, so only a hard kill can lose the last half second of lines.
 */
export const serverLogDestination = () => pino.destination({ dest: 1, sync: false, minLength: LOG_BUFFER_BYTES, periodicFlush: LOG_FLUSH_MS });

/** The server's logger: JSON lines, one per request (`OneLinePerRequest`), on `stream`. */
export function serverLogOptions(stream: pino.DestinationStream = serverLogDestination()): Pick<FastifyServerOptions, 'logger' | 'logController'> {
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
