import { isIP } from 'node:net';

/** What Fastify's `trustProxy` takes: hops as a function, since its types take no number. */
export type TrustProxy = false | string[] | ((address: string, hop: number) => boolean);

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  if (rest.length > 0 || !address) return false;
  const family = isIP(address);
  if (!family) return false;
  if (bits === undefined) return true;
  if (!/^\d+$/.test(bits)) return isIP(bits) === 4 && family === 4; // a netmask such as 255.255.255.0
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * Fastify's `trustProxy` from `SHEQUN_TRUST_PROXY`: which proxies in front of Shequn may tell it
 * the client's address (`X-Forwarded-For`) and scheme (`X-Forwarded-Proto`).
 *
 * - unset, empty or `0`: none; the socket's peer is the client, forwarded headers are ignored;
 * - a number N: the N nearest hops are proxies; the client is the address the farthest of them saw
 *   (`1`, one reverse proxy, is the usual case);
 * - a comma-separated list of addresses, CIDR ranges or `loopback`/`linklocal`/`uniquelocal`:
 *   hops from these are proxies.
 *
 * Never "trust everything": the leftmost X-Forwarded-For entry is whatever the client wrote, and
 * sign-in limits keyed on it could be reset with every request.
 */
export function trustProxySetting(value: string | undefined): TrustProxy {
  const setting = value?.trim() ?? '';
  if (setting === '' || setting === '0') return false;
  if (/^\d+$/.test(setting)) {
    // Hop 0 is the socket's peer, hop 1 the address it forwarded for, and so on.
    const hops = Number(setting);
    return (_address, hop) => hop < hops;
  }
  const entries = setting
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const wrong = entries.filter((entry) => !NAMED_RANGES.has(entry) && !isAddressOrRange(entry));
  if (wrong.length > 0)
    throw new Error(
      `SHEQUN_TRUST_PROXY must be a number of proxy hops (1 for one reverse proxy) or a list of proxy addresses or CIDR ranges; not ${wrong.join(', ')}`,
    );
  return entries;
}
