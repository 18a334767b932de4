import { spawn } from 'node:child_process';
import { runLoad, type ChatProtocol } from './lib/ws-load.ts';
const child = spawn(process.execPath, ['/work/main/bench/lib/bare-chat-server.mjs'], {
  stdio: ['ignore', 'pipe', 'inherit'],
  cwd: '/work/main',
});
const port = await new Promise<string>((resolve) =>
  child.stdout.on('data', (c: Buffer) => {
    const m = /port (\d+)/.exec(c.toString());
    if (m) resolve(m[1]);
  }),
);
const bare: ChatProtocol = {
  url: (room) => `ws://127.0.0.1:${port}/?room=${room}`,
  post: (_r, _m, nonce) => `{"nonce":"${nonce}","text":"hello everyone in this room"}`,
  read: (frame) => {
    const i = frame.indexOf('"nonce":"');
    if (i < 0) return null;
    return { nonce: frame.slice(i + 9, frame.indexOf('"', i + 9)), acked: false };
  },
  echoesToSender: true,
};
let s = 1;
const random = () => (s = (s * 16807) % 2147483647) / 2147483647;

const { result, members } = await runLoad(
  bare,
  Number(process.argv[2] ?? 50),
  100,
  Number(process.argv[3] ?? 500),
  10,
  random,
);
console.log(result);
await members.close();
child.kill();
