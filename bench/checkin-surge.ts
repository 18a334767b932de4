import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/kernel/db/database.js';
import { campWithLinks, seedCampCommunity, signIn, startShequn } from '../test/support/shequn-process.js';
import { runInfo } from './lib/machine.js';
import { median, round } from './lib/median.js';
import { freshDir, log, writeResult } from './lib/work.js';

const MEMBERS = Number(process.env.BENCH_CHECKINS ?? 10_000);
const CLIENTS = 64;
const RUNS = 3;
const WARM_UP = 2000;
const SLUG = 'surge';

interface Load {
  acknowledged: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** `paths.length` POSTs from `CLIENTS` keep-alive connections at once; latency per request. */
async function fire(base: string, paths: string[], body: string): Promise<Load> {
  const url = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const latencies: number[] = [];
  let next = 0;
  let acknowledged = 0;
  const post = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < paths.length) {
        const path = paths[next++];
        const t0 = performance.now();
        const status = await post(path);
        latencies.push(performance.now() - t0);
        if (status >= 200 && status < 300) acknowledged++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { acknowledged, perSecond: paths.length / seconds, p50Ms: at(0.5), p99Ms: at(0.99) };
}

/** A Fastify app with one JSON route, no plugins and no logging: the ceiling on this machine. */
const BARE_SERVER = `
import Fastify from 'fastify';
const app = Fastify();
app.post('/checkin', async (request) => ({ ok: true, echo: request.body.text }));
await app.listen({ port: 0, host: '127.0.0.1' });
console.log('port ' + app.server.address().port);
`;

async function startBare() {
  const child = spawn(process.execPath, ['--input-type=module', '-e', BARE_SERVER], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /port (\d+)/.exec(chunk.toString());
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`bare server exited ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

/**
 * 10,000 enrolled members check in through their personal links (`POST /api/m/:token/checkins`)
 * from 64 concurrent keep-alive clients against `shequn start` on SQLite; in the same run, the
 * same load against a bare Fastify route. Each of 3 runs uses a fresh camp (a member checks in
 * once a day per camp) and is followed by a bare run; figures are medians. Afterwards the stored
 * check-ins are counted in the database.
 */
export async function benchCheckinSurge(): Promise<object> {
  const dataDir = freshDir('checkin-surge');
  const { today } = await seedCampCommunity(dataDir, SLUG, MEMBERS);
  const server = await startShequn(dataDir);
  const bare = await startBare();
  const headers = await signIn(server.url);
  const body = JSON.stringify({ text: '早起打卡 day 1' });
  const runs: Array<{ surge: Load; bare: Load }> = [];
  const campIds: number[] = [];
  try {
    // Warm-up of both servers (JIT, caches), on a camp of its own that is not counted.
    const warm = await campWithLinks(server.url, headers, SLUG, today);
    await fire(server.url, warm.tokens.slice(0, WARM_UP).map((t) => `/api/m/${t}/checkins`), body);
    await fire(bare.url, warm.tokens.slice(0, WARM_UP).map(() => '/checkin'), body);
    for (let run = 0; run < RUNS; run++) {
      const { campId, tokens } = await campWithLinks(server.url, headers, SLUG, today);
      campIds.push(campId);
      const surge = await fire(server.url, tokens.map((t) => `/api/m/${t}/checkins`), body);
      const ceiling = await fire(bare.url, tokens.map(() => '/checkin'), body);
      log(`checkin-surge run ${run + 1}: ${Math.round(surge.perSecond)}/s p50 ${surge.p50Ms.toFixed(1)} ms p99 ${surge.p99Ms.toFixed(1)} ms; bare ${Math.round(ceiling.perSecond)}/s`);
      runs.push({ surge, bare: ceiling });
    }
  } finally {
    bare.stop();
    server.child.kill('SIGTERM');
    await server.exited;
  }

  const handle = await openDatabase({ dataDir });
  let stored = 0;
  try {
    const row = await handle.db.selectFrom('checkins').select((eb) => eb.fn.countAll<number>().as('n')).where('camp_id', 'in', campIds).executeTakeFirstOrThrow();
    stored = Number(row.n);
  } finally {
    await handle.close();
  }
  const perSecond = median(runs.map((r) => r.surge.perSecond));
  const barePerSecond = median(runs.map((r) => r.bare.perSecond));
  const result = {
    checkIns: MEMBERS * RUNS,
    members: MEMBERS,
    acknowledged: runs.reduce((n, r) => n + r.surge.acknowledged, 0),
    stored,
    perSecond: round(perSecond),
    p50Ms: round(median(runs.map((r) => r.surge.p50Ms)), 2),
    p99Ms: round(median(runs.map((r) => r.surge.p99Ms)), 2),
    barePerSecond: round(barePerSecond),
    ratio: round(perSecond / barePerSecond, 3),
    clients: CLIENTS,
    runs: RUNS,
    ...runInfo(),
  };
  writeResult('checkin-surge', result);
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchCheckinSurge(), null, 2));
}
