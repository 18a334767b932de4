import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicBaseOf } from '../../kernel/config.js';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { seedMembersFixture } from '../../../test/support/members-fixture.js';
import { testServer } from '../../../test/support/server.js';

const PUBLIC = 'https://shequn.example.org/club';
const tokenOf = (link: string) => link.replace(/^.*\/m\//, '');

describe('publicBaseOf', () => {
  it('takes SHEQUN_PUBLIC_URL without its trailing slash', () => {
    expect(publicBaseOf('https://shequn.example.org/club/')).toEqual({ url: PUBLIC, configured: true });
  });
  it('falls back to the listening address, marked as not configured', () => {
    expect(publicBaseOf(undefined, 'http://127.0.0.1:4000')).toEqual({
      url: 'http://127.0.0.1:4000',
      configured: false,
    });
    expect(publicBaseOf('  ').configured).toBe(false);
  });
  it.each(['shequn.example.org', 'ftp://x.example', 'https://x.example/?a=1'])('refuses %s', (value) => {
    expect(() => publicBaseOf(value)).toThrow(/SHEQUN_PUBLIC_URL/);
  });
});

describe.each(databaseKinds)('members’ personal links on %s', (_kind, open) => {
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  let fixture: Awaited<ReturnType<typeof seedMembersFixture>>;
  let campId: number;
  let aliceLink: string;
  const base = '/api/communities/camp';

  beforeAll(async () => {
    store = await open();
    fixture = await seedMembersFixture(store);
    server = await testServer(store, 'camp', { publicUrl: PUBLIC });
    const created = await server.as('operator', {
      method: 'POST',
      url: `${base}/camps`,
      payload: { template: 'early-riser-21', startDate: '2024-06-03', groupIds: [fixture.groupIds.g1] },
    });
    campId = created.json().id;
  });
  afterAll(async () => {
    await server?.app.close();
    await store?.dispose();
  });

  it('builds links on SHEQUN_PUBLIC_URL, not on the address the console was opened at', async () => {
    const enrolled = await server.as('operator', {
      method: 'POST',
      url: `${base}/camps/${campId}/enrolments`,
      headers: { host: 'localhost:3000', 'x-forwarded-host': 'evil.example' },
      payload: { memberIds: [fixture.ids.alice] },
    });
    expect(enrolled.statusCode, enrolled.body).toBe(200);
    aliceLink = enrolled.json().members[0].link;
    expect(aliceLink).toMatch(/^https:\/\/shequn\.example\.org\/club\/m\/[A-Za-z0-9_-]{20,}$/);
    expect((await server.app.inject({ url: `/api/m/${tokenOf(aliceLink)}` })).statusCode).toBe(200);
    const status = await server.as('analyst', { url: '/api/public-url' });
    expect(status.json()).toEqual({ url: PUBLIC, configured: true });
  });

  it('names the already enrolled, and gives them new links when asked', async () => {
    const again = await server.as('operator', {
      method: 'POST',
      url: `${base}/camps/${campId}/enrolments`,
      payload: { memberIds: [fixture.ids.alice] },
    });
    expect(again.json()).toEqual({
      enrolled: 0,
      alreadyEnrolled: 1,
      alreadyEnrolledIds: [fixture.ids.alice],
      members: [],
    });
    const reissued = await server.as('operator', {
      method: 'POST',
      url: `${base}/camps/${campId}/enrolments`,
      payload: { memberIds: [fixture.ids.alice], reissueLinks: true },
    });
    const [link] = reissued.json().members;
    expect(link.memberId).toBe(fixture.ids.alice);
    expect(link.link.startsWith(`${PUBLIC}/m/`)).toBe(true);
    expect((await server.app.inject({ url: `/api/m/${tokenOf(aliceLink)}` })).statusCode).toBe(404);
    expect((await server.app.inject({ url: `/api/m/${tokenOf(link.link)}` })).statusCode).toBe(200);
    aliceLink = link.link;
  });

  it('reissues one member’s link with its QR code; the old link is refused at once', async () => {
    const url = `${base}/camps/${campId}/members/${fixture.ids.alice}/link`;
    const res = await server.as('operator', { method: 'POST', url, headers: { host: 'elsewhere.example' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json() as { memberId: number; link: string; qrSvg: string };
    expect(body.link.startsWith(`${PUBLIC}/m/`)).toBe(true);
    expect(body.link).not.toBe(aliceLink);
    // The SVG is the QR code of exactly this link: its side is the link's module count plus the margins.
    const size = QRCode.create(body.link, {}).modules.size;
    expect(body.qrSvg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(body.qrSvg).toContain(`viewBox="0 0 ${size + 4} ${size + 4}"`);
    expect(body.qrSvg.trim().endsWith('</svg>')).toBe(true);
    const old = await server.app.inject({ url: `/api/m/${tokenOf(aliceLink)}` });
    expect(old.statusCode).toBe(404);
    expect(old.json().message).toBeTruthy();
    const now = await server.app.inject({ url: `/api/m/${tokenOf(body.link)}` });
    expect(now.statusCode).toBe(200);
    expect(now.json().member.displayName).toBe('alice');
  });

  it('lets only operators reissue, and only for members enrolled in this community’s camp', async () => {
    const url = `${base}/camps/${campId}/members/${fixture.ids.alice}/link`;
    expect((await server.as('assistant', { method: 'POST', url })).statusCode).toBe(403);
    expect((await server.app.inject({ method: 'POST', url })).statusCode).toBe(401);
    expect((await server.as('stranger', { method: 'POST', url })).statusCode).toBe(404);
    const notEnrolled = `${base}/camps/${campId}/members/${fixture.ids.bob}/link`;
    expect((await server.as('operator', { method: 'POST', url: notEnrolled })).statusCode).toBe(404);
    const otherCamp = `${base}/camps/987654/members/${fixture.ids.alice}/link`;
    expect((await server.as('operator', { method: 'POST', url: otherCamp })).statusCode).toBe(404);
  });
});
