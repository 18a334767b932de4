import { resolve } from 'node:path';

export interface Config {
  /** SQLite data directory (ignored when `databaseUrl` is set). */
  dataDir: string;
  databaseUrl?: string;
}

/** Configuration from flags first, then the environment, then defaults. */
export function loadConfig(flags: { data?: string }, env: NodeJS.ProcessEnv = process.env): Config {
  return {
    dataDir: resolve(flags.data ?? env.SHEQUN_DATA ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
  };
}

/**
 * The address members and other outsiders open Shequn at. Every link Shequn hands out (personal
 * links, invites, links in messages) is built on it and never on the address a request came in
 * by: a console opened as http://localhost:3000 must not give members links that only open on the
 * operator's own machine.
 */
export interface PublicBase {
  /** Origin and optional path prefix, without a trailing slash: `https://shequn.example.org`. */
  url: string;
  /** False when `SHEQUN_PUBLIC_URL` is unset and `url` is only the address the server listens on. */
  configured: boolean;
}

const FALLBACK_BASE = 'http://localhost:3000';
let publicBaseNow: PublicBase = { url: FALLBACK_BASE, configured: false };

/**
 * Reads `SHEQUN_PUBLIC_URL` (an http(s) URL; a trailing slash is dropped), else falls back to the
 * address the server listens on. A malformed value is an error at start, not links that fail later.
 */
export function publicBaseOf(value: string | undefined, listening: string = FALLBACK_BASE): PublicBase {
  const raw = value?.trim();
  if (!raw) return { url: listening.replace(/\/+$/, ''), configured: false };
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new Error(`SHEQUN_PUBLIC_URL is not a URL: "${raw}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new Error(`SHEQUN_PUBLIC_URL must start with http:// or https://: "${raw}"`);
  if (parsed.search || parsed.hash) throw new Error(`SHEQUN_PUBLIC_URL must have no query or fragment: "${raw}"`);
  return { url: `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`, configured: true };
}

/** Sets the process's public base (the server does, at build and once it listens). */
export function setPublicBase(base: PublicBase): void {
  publicBaseNow = base;
}

/** The process's public base and whether it was configured. */
export function publicBase(): PublicBase {
  return publicBaseNow;
}

/**
 * The absolute address of a path for people outside the server.
 *
 * @example
 * publicUrl('/m/abc') // 'https://shequn.example.org/m/abc' with SHEQUN_PUBLIC_URL=https://shequn.example.org
 */
export function publicUrl(path: string): string {
  return `${publicBaseNow.url}${path.startsWith('/') ? path : `/${path}`}`;
}
