import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

describe('shequn start', () => {
  it('serves health checks and shuts down cleanly on SIGTERM', async () => {
    const child = spawn(join(root, 'bin', 'shequn'), ['start', '--port', '0'], {
      env: { ...process.env, DATABASE_URL: '', SHEQUN_DATA: mkdtempSync(join(tmpdir(), 'shequn-start-')), SHEQUN_LANG: 'en' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /running at (http:\/\/\S+?) /.exec(output);
        if (match) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${output}`)));
    });
    const res = await fetch(`${url}/api/health`);
    expect(await res.json()).toEqual({ status: 'ok' });
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
