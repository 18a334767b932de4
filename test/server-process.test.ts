import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

describe('shequn start', () => {
  it('creates and prints the first owner, serves the API and its OpenAPI document, logs each request, and shuts down cleanly on SIGTERM', async () => {
    const child = spawn(join(root, 'bin', 'shequn'), ['start', '--port', '0'], {
      env: {
        ...process.env,
        DATABASE_URL: '',
        SHEQUN_DATA: mkdtempSync(join(tmpdir(), 'shequn-start-')),
        SHEQUN_LANG: 'en',
        SHEQUN_ADMIN_EMAIL: '',
        SHEQUN_ADMIN_PASSWORD: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const ready = await new Promise<{ url: string; password: string }>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const url = /running at (http:\/\/\S+?) /.exec(output)?.[1];
        const password = /admin@localhost with the password (\S+) /.exec(output)?.[1];
        if (url && password) resolve({ url, password });
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${output}`)));
    });
    expect(await (await fetch(`${ready.url}/api/health`)).json()).toEqual({ status: 'ok' });
    // Log lines are buffered, and a quiet server still writes them out within half a second.
    const logged = (url: string) =>
      output.split('\n').some((line) => line.includes('"msg":"request completed"') && line.includes(`"url":"${url}"`));
    for (let waited = 0; !logged('/api/health') && waited < 3000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(logged('/api/health')).toBe(true);

    const login = await fetch(`${ready.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@localhost', password: ready.password }),
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toMatch(/shequn_session=.+HttpOnly/i);

    // The API documentation is for signed-in operators by default (SHEQUN_API_DOCS).
    expect((await fetch(`${ready.url}/api/docs/json`)).status).toBe(401);
    const session = { cookie: login.headers.get('set-cookie')!.split(';')[0]! };
    const openapi = await (await fetch(`${ready.url}/api/docs/json`, { headers: session })).json();
    expect(openapi.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.paths)).toContain('/api/communities/{slug}/report');
    expect((await fetch(`${ready.url}/api/docs`, { headers: session })).status).toBe(200);

    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    // The last request's line, still in the buffer when the signal came, was written on the way out.
    expect(logged('/api/docs')).toBe(true);
  });
});
