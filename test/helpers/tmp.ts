import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Every folder tmpDir() made in this process, removed when the process exits, whether its tests
// passed or failed (node:test runs each test file in a process of its own). A test may remove its
// folder sooner; removing it again here does nothing.
const made = new Set<string>();
const removeAll = () => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
};
process.on('exit', removeAll);
// Interrupted (Ctrl-C, or killed by a timeout), the process would end without 'exit': remove the
// folders first, then end by the same signal as it would have.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    removeAll();
    process.kill(process.pid, signal);
  });
}

/** A new empty folder under the system's temporary folder, removed when this process ends. */
export function tmpDir(prefix = 'iqa-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.add(dir);
  return dir;
}
