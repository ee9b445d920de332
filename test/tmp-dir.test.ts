import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { test } from 'node:test';

/**
 * Runs a Node process the way the tests run (with tsx) that makes a folder with tmpDir, writes a
 * file in it, prints the folder's path and then runs `end`; `signal` is sent to it once the path
 * is printed. Returns the path and how the process ended.
 */
async function makeThenEnd(end: string, signal?: NodeJS.Signals) {
  const code = [
    "import fs from 'node:fs';",
    "import { tmpDir } from './test/helpers/tmp.ts';",
    "const dir = tmpDir('tmp-dir-test-');",
    "fs.writeFileSync(dir + '/file', 'x');",
    'console.log(dir);',
    end,
  ].join('\n');
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    if (signal && stdout.includes('\n') && !child.killed) child.kill(signal);
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const [status, killedBy] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  const dir = stdout.trim();
  assert.match(dir, /tmp-dir-test-/, stderr);
  return { dir, status, killedBy, stderr };
}

test(
  'a folder from tmpDir is removed when its process ends, however it ends',
  { timeout: 30_000 },
  async () => {
    const ends = await Promise.all([
      makeThenEnd(''),
      makeThenEnd('process.exitCode = 1; // as when a test fails'),
      makeThenEnd("throw new Error('uncaught');"),
      makeThenEnd('setInterval(() => {}, 1000);', 'SIGTERM'),
    ]);
    assert.deepEqual(
      ends.map((e) => [e.status, e.killedBy]),
      [
        [0, null],
        [1, null],
        [1, null],
        [null, 'SIGTERM'],
      ],
      ends.map((e) => e.stderr).join('\n'),
    );
    for (const { dir } of ends) assert.equal(fs.existsSync(dir), false, `${dir} is left behind`);
  },
);
