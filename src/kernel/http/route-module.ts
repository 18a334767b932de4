import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../db/database.js';

/** What every feature's routes receive: the database and a clock (tests move time). */
export interface RouteContext {
  handle: DatabaseHandle;
  now: () => number;
}

export type Api = FastifyInstance<any, any, any, any, TypeBoxTypeProvider>;

/**
 * A feature's routes: registered under /api with the shared access control in force. A module
 * that needs more than the database and the clock names it in `Deps`, and the wiring (server/)
 * hands it exactly that.
 *
 * @example
 * export const campRoutes: RouteModule<RouteContext & { checkins: CheckinWriter }> = (api, { handle, checkins }) => {…};
 */
export type RouteModule<Deps extends RouteContext = RouteContext> = (api: Api, deps: Deps) => void | Promise<void>;
