import { describe, expect, it } from 'vitest';
import { trustProxySetting } from './trust-proxy.js';

describe('SHEQUN_TRUST_PROXY', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['0', false],
    ['10.0.0.0/8, 127.0.0.1', ['10.0.0.0/8', '127.0.0.1']],
    ['loopback,fd00::/8', ['loopback', 'fd00::/8']],
    ['192.168.0.0/255.255.0.0', ['192.168.0.0/255.255.0.0']],
  ])('%j → %j', (value, expected) => {
    expect(trustProxySetting(value)).toEqual(expected);
  });

  it.each([
    ['1', [true, false, false]],
    [' 2 ', [true, true, false]],
  ])('%j trusts that many hops, nearest first', (value, trusted) => {
    const trust = trustProxySetting(value) as (address: string, hop: number) => boolean;
    // Hop 0 is the socket's peer: with one trusted hop the client is the address it forwarded for.
    expect([0, 1, 2].map((hop) => trust('10.0.0.1', hop))).toEqual(trusted);
  });

  it.each(['true', 'yes', '10.0.0.0/33', 'proxy.local', '1.2.3.4/8/9'])('refuses %j', (value) => {
    expect(() => trustProxySetting(value)).toThrow(/SHEQUN_TRUST_PROXY/);
  });
});
