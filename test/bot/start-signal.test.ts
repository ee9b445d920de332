import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { startEmulator } from '../helpers/emulator.js';
import { tmpDir } from '../helpers/tmp.js';

const TOKEN = '123456:SIGNAL-TEST-TOKEN-0123456789';
const QUESTIONS = 8;

async function until(what: string, probe: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Run by the tsx command, the bot was the child of a tsx process that, told of a signal, gives its child
 * 30 ms to acknowledge it, then signals it again and kills it 30 ms later. A bot answering on its own
 * thread (an index under 5,000 passages) is often busy longer than that: SIGTERM sent to it (`kill`, a
 * container stopping) ended it by SIGKILL, exit 143, without a word, its answers in flight lost and its
 * log left open; on Ctrl-C the second signal found the shutdown handler gone and ended it at once (130).
 */
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(
    `npm start, sent ${signal} while answering, answers every question it received, closes its log and exits 0`,
    { timeout: 90_000 },
    async () => {
      const { scripts } = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
        scripts: Record<string, string>;
      };
      const server = await startEmulator();
      const dir = tmpDir();
      try {
        // The command npm runs, as its shell would run it: the package's commands on the PATH.
        const [command, ...args] = scripts.start!.split(' ');
        const child = spawn(
          command === 'node' ? process.execPath : path.resolve('node_modules/.bin', command!),
          args,
          {
            env: {
              ...process.env,
              TELEGRAM_BOT_TOKEN: TOKEN,
              TELEGRAM_API_ROOT: server.config.apiURL,
              EMBEDDER: 'lexical',
              STATE_DIR: dir,
              ANSWER_THREAD: 'false',
            },
            stdio: ['ignore', 'pipe', 'pipe'],
            // A process group of its own, as a terminal's foreground job is: Ctrl-C signals all of it.
            detached: true,
          },
        );
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        const exited = new Promise<[number | null, string | null]>((resolve) =>
          child.on('close', (c, s) => resolve([c, s])),
        );
        await until('the bot to poll', () => /bot running/.test(out), 60_000);
        const clients = Array.from({ length: QUESTIONS }, (_, i) =>
          server.getClient(TOKEN, { userId: 700 + i, chatId: 700 + i, firstName: 'P', userName: `p${i}` }),
        );
        for (const c of clients)
          await c.sendMessage(c.makeMessage('كم عدد القذائف الصاروخية التي استهدفت قاعدة القرية الخضراء؟'));
        const answered = () =>
          server.storage.botMessages.filter((m) => !('action' in (m.message as object))).length;
        await until('a first answer', () => answered() > 0);
        // Ctrl-C reaches every process of the terminal's group; a service manager signals the top one.
        if (signal === 'SIGINT') process.kill(-child.pid!, signal);
        else child.kill(signal);
        const [code, by] = await exited;
        assert.deepEqual([code, by], [0, null], out);
        assert.match(out, /"msg":"stopping: finishing answers in flight"/);
        assert.match(out, /"msg":"stopped"/);
        const db = new Database(path.join(dir, 'answers.sqlite'), { readonly: true });
        try {
          const logged = (db.prepare('SELECT COUNT(*) AS n FROM answers').get() as { n: number }).n;
          assert.equal(logged, QUESTIONS, 'every question received is answered and logged');
        } finally {
          db.close();
        }
        assert.ok(
          !fs.existsSync(path.join(dir, 'answers.sqlite-wal')) ||
            fs.statSync(path.join(dir, 'answers.sqlite-wal')).size === 0,
          'the log was closed',
        );
      } finally {
        await server.stop();
      }
    },
  );
}

test('npm run review, the other script that stops on a signal, runs in the process the signal reaches', () => {
  const { scripts } = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
    scripts: Record<string, string>;
  };
  assert.equal(scripts.review, 'node --import tsx scripts/review.ts');
});
