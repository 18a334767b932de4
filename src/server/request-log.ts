import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type pino from 'pino';
import { bufferedStdout, LEVELS, pinoLineStart } from './log-destination.js';

/**
 * A request's URL as the log may keep it: the path without its query string (searches carry
 * members' phone numbers, emails and names: `?q=13812345678`; the rooms' socket its member token)
 * and with members' personal tokens replaced: `/api/m/<token>/…` → `/api/m/[token]/…`, and the
 * member pages' `/m/<token>…` likewise.
 */
export function loggableUrl(url: string): string {
  const end = url.search(/[?#]/);
  return (end === -1 ? url : url.slice(0, end)).replace(/\/m\/[^/]+/g, '/m/[token]');
}

/**
 * One log line per request, written when it completes, with the method, the path, the status
 * and the time taken. Fastify's default writes a second line as each request arrives; under a
 * surge of check-ins the two lines cost the server more than the bare route's whole request.
 *
 * A request that completed is written straight to the stream, as the JSON line pino would write
 * (the same fields in the same order): through pino, with its serializers and per-request child
 * logger, the line cost ~14 µs of the HTTP thread's ~120 per check-in in the surge benchmark on a
 * slow machine. A request that errored goes through pino, with the error serialised.
 */
export class OneLinePerRequest extends LogController {
  constructor(private readonly stream: pino.DestinationStream) {
    super();
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error)
      reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    // The app's logger is pino (`serverLogOptions`), so each request's is a pino child logger.
    else if ((reply.log as pino.Logger).isLevelEnabled('info')) this.stream.write(this.completedLine(request, reply));
  }

  private completedLine(request: FastifyRequest, reply: FastifyReply): string {
    const req = `{"method":${JSON.stringify(request.method)},"url":${JSON.stringify(loggableUrl(request.url))}}`;
    return `${pinoLineStart(LEVELS.info, Date.now())},"reqId":${JSON.stringify(request.id)},"req":${req},"res":{"statusCode":${reply.statusCode}},"responseTime":${reply.elapsedTime},"msg":"request completed"}\n`;
  }
}

/**
 * Where the server's log lines go: stdout, written off the event loop in writes of at least 16 KB,
 * or half a second after the first line on a quiet server (`BufferedLogDestination`). Under a
 * surge of check-ins one write per line was a system call per request on the HTTP thread (a
 * twentieth of its time), and pino's own buffering cost about as much again; what waits is written
 * out as the process exits, so only a hard kill can lose the last half second of lines.
 */
export const serverLogDestination = (): pino.DestinationStream => bufferedStdout();

/** The server's logger: JSON lines, one per request (`OneLinePerRequest`), on `stream`. */
export function serverLogOptions(
  stream: pino.DestinationStream = serverLogDestination(),
): Pick<FastifyServerOptions, 'logger' | 'logController'> {
  return {
    logger: {
      stream,
      // A request is logged as its method and path only, so headers (cookies, tokens, CSRF) and
      // query strings (searches) never reach the log; members' personal links carry their token in
      // the path, which is redacted.
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: loggableUrl(req.url) }),
      },
    },
    logController: new OneLinePerRequest(stream),
  };
}
