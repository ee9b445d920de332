import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Flush a file's (or a folder's) contents to disk. */
export function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Write a file so that readers see either the old or the new content, never a torn one. */
export function writeFileAtomic(file: string, data: string | Buffer): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, data);
  fsyncPath(tmp);
  fs.renameSync(tmp, file);
  fsyncPath(path.dirname(file));
}

/** SHA-256 of a file, streamed in large chunks. */
export function sha256File(file: string): string {
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(4 << 20);
  try {
    let n: number;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

export function sha256(data: string | Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** Total size in bytes of the files directly inside a folder. */
export function folderBytes(dir: string): number {
  let total = 0;
  for (const name of fs.readdirSync(dir)) {
    const st = fs.statSync(path.join(dir, name));
    if (st.isFile()) total += st.size;
  }
  return total;
}

/** The index is being written by another process. */
export class LockError extends Error {
  override name = 'LockError';
}

/**
 * How long a lock file without a process id may be one that a live process has just created and not
 * yet written its pid into: younger, it is held; older, it was left by a process that stopped there.
 */
export const LOCK_GRACE_MS = 10_000;

/**
 * An exclusive lock file holding the owner's pid. A live owner makes `acquire` throw. A lock left by
 * a process that no longer exists (killed mid-run), or one that holds no pid (a crash or power loss
 * between creating it and writing it) and is older than LOCK_GRACE_MS, is taken over, and `warn` says
 * so and why. A lock without a pid younger than that is refused: its owner may be writing it now.
 */
export function acquireLock(
  file: string,
  warn: (message: string) => void = (m) => console.warn(m),
): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = fs.openSync(file, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const left = leftBehind(file, err);
      if (left) {
        warn(`${file} ${left}: taking the lock over`);
        fs.rmSync(file, { force: true });
      }
      continue;
    }
    try {
      fs.writeSync(fd, String(process.pid));
    } catch (err) {
      // Not left behind empty (a full disk), to be mistaken for another ingestion's.
      fs.closeSync(fd);
      fs.rmSync(file, { force: true });
      throw err;
    }
    fs.closeSync(fd);
    return () => fs.rmSync(file, { force: true });
  }
  throw new LockError(`could not take the lock ${file}; remove it if no ingestion is running`);
}

/**
 * Why an existing lock file's owner is gone (to say when taking it over), or null when the file went
 * away meanwhile; throws LockError when it is, or may be, held.
 */
function leftBehind(file: string, cause: unknown): string | null {
  let text: string;
  let mtimeMs: number;
  try {
    text = fs.readFileSync(file, 'utf8').trim();
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  if (/^\d+$/.test(text) && Number(text) > 0) {
    const pid = Number(text);
    if (pid !== process.pid && isAlive(pid)) {
      throw new LockError(
        `${file} is held by process ${pid}: another ingestion is running. Wait for it to finish.`,
        { cause },
      );
    }
    return `was left by process ${pid}, which is no longer running`;
  }
  const what = text ? `holds no process id (${JSON.stringify(text.slice(0, 40))})` : 'is empty';
  const age = Date.now() - mtimeMs;
  if (age < LOCK_GRACE_MS) {
    throw new LockError(
      `${file} ${what}: another ingestion may be starting. Try again in a few seconds; ` +
        'if it stays, remove it when no ingestion is running.',
      { cause },
    );
  }
  return `${what} (since ${new Date(mtimeMs).toISOString()}: left by an ingestion that stopped before writing its process id)`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
