import type { components, paths } from './schema';

/**
 * A named shape of the API, as the server's schemas define it (web/src/api/schema.d.ts, generated
 * by `npm run api:types`): `Schema<'GroupSummary'>`.
 */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;

/** The API's paths that answer `method`, as the OpenAPI document writes them: `/api/communities/{slug}/groups`. */
export type PathOf<M extends Method> = {
  [P in keyof paths]: [Operation<P, M>] extends [never] ? never : P;
}[keyof paths];

type Responses<O> = O extends { responses: infer R } ? R : never;
type Json<R> = R extends { content: { 'application/json': infer T } } ? T : undefined;
type JsonBody<O> = O extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;
type Parameters<O> = O extends { parameters: infer X } ? X : never;
type PathParams<O> = Parameters<O> extends { path: infer X } ? X : never;
type QueryParams<O> = Parameters<O> extends { query?: infer X } ? NonNullable<X> : never;

/** What a route answers when it succeeds (undefined for 204): `Answer<'/api/communities/{slug}/groups'>`. */
export type Answer<P extends PathOf<M>, M extends Method = 'get'> = Json<
  Responses<Operation<P, M>>[Extract<keyof Responses<Operation<P, M>>, 200 | 201 | 202 | 204>]
>;
/** The JSON body a route takes. */
export type Body<P extends PathOf<M>, M extends Method> = JsonBody<Operation<P, M>>;
/** The query parameters a route takes. */
export type Query<P extends PathOf<M>, M extends Method = 'get'> = QueryParams<Operation<P, M>>;

/** A call's path parameters, query and body, each required exactly when the route has them. */
type Args<O> = ([PathParams<O>] extends [never] ? { path?: never } : { path: PathParams<O> }) &
  ([QueryParams<O>] extends [never] ? { query?: never } : { query?: QueryParams<O> }) &
  // Routes without a JSON body take multipart uploads, if anything.
  ([JsonBody<O>] extends [never] ? { body?: FormData } : { body: JsonBody<O> });
type ArgList<O> = object extends Args<O> ? [args?: Args<O>] : [args: Args<O>];

/** The API's error shape (src/kernel/http/error-mapper.ts), with the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;

/** Set after sign-in and on /auth/me: cookie-authenticated writes must echo it. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  // The console's language, not the browser's: the server answers errors and files in it.
  headers['accept-language'] = document.documentElement.lang || 'zh-CN';
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' });
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const error = data as Partial<Schema<'ErrorResponse'>> | null;
    throw new ApiError(res.status, error?.code ?? 'HTTP', error?.message ?? res.statusText);
  }
  return data as T;
}

/** Builds a query string from defined, non-empty values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * The URL of a route: `{name}` in the OpenAPI path filled from `path`, then the query.
 *
 * @example
 * apiUrl('/api/communities/{slug}/groups/{groupId}', { path: { slug: 'camp', groupId: 7 } }) // '/api/communities/camp/groups/7'
 */
export function apiUrl(template: string, args: { path?: object; query?: object } = {}): string {
  const values = (args.path ?? {}) as Record<string, string | number>;
  const filled = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(values[name])));
  return filled + query((args.query ?? {}) as Record<string, string | number | boolean | undefined>);
}

function caller<M extends Method>(method: M, defaultBody?: object) {
  return <P extends PathOf<M>>(path: P, ...[args]: ArgList<Operation<P, M>>): Promise<Answer<P, M>> => {
    const { body, ...rest } = (args ?? {}) as { body?: unknown; path?: object; query?: object };
    return request<Answer<P, M>>(method.toUpperCase(), apiUrl(path, rest), body ?? defaultBody);
  };
}

/**
 * The API, typed by its OpenAPI document: the path names the route, and its parameters, body and
 * answer are the route's own (JSON in and out, the CSRF header on writes, errors as ApiError).
 *
 * @example
 * const groups = await api.get('/api/communities/{slug}/groups', { path: { slug } }); // Schema<'GroupSummary'>[]
 */
export const api = {
  get: caller('get'),
  post: caller('post', {}),
  put: caller('put', {}),
  patch: caller('patch', {}),
  delete: caller('delete'),
};
