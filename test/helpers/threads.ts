import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { tmpDir } from './tmp.js';

/**
 * Runs close-while-busy.ts in a child process (an abort there must not take the test runner with
 * it) and returns how it ended.
 */
export function closeWhileBusy(mode: 'search' | 'build', cycles = 20) {
  const dir = tmpDir('close-while-busy-');
  try {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'test/helpers/close-while-busy.ts', mode, dir, String(cycles)],
      { encoding: 'utf8' },
    );
    return { signal: run.signal, status: run.status, stdout: run.stdout, stderr: run.stderr.slice(0, 500) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
