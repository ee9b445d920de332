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
 * An exclusive lock file holding the owner's pid. A live owner, this process included (see
 * heldHere), makes `acquireLock` throw. A lock left by a process that no longer exists (killed
 * mid-run), or one that holds no pid (a crash or power loss between creating it and writing it) and
 * is older than LOCK_GRACE_MS, is taken over, and `warn` says so and why (see removeStaleLock: of
 * several processes that find it so at once, one takes it over).
 * A lock without a pid younger than that is refused: its owner may be writing it now.
 * `hooks.beforeTakeover` runs between finding a lock stale and taking it over (for tests).
 */
export function acquireLock(
  file: string,
  warn: (message: string) => void = (m) => console.warn(m),
  hooks: { beforeTakeover?: () => void } = {},
): () => void {
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = fs.openSync(file, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const stale = leftBehind(file, err);
      if (stale) {
        hooks.beforeTakeover?.();
        if (removeStaleLock(file, stale)) warn(`${file} ${stale.why}: taking the lock over`);
      }
      continue;
    }
    let key: string;
    try {
      fs.writeSync(fd, String(process.pid));
      key = lockKey(fs.fstatSync(fd, { bigint: true }));
    } catch (err) {
      // Not left behind empty (a full disk), to be mistaken for another ingestion's.
      fs.closeSync(fd);
      fs.rmSync(file, { force: true });
      throw err;
    }
    fs.closeSync(fd);
    heldHere.add(key);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      heldHere.delete(key);
      fs.rmSync(file, { force: true });
    };
  }
  throw new LockError(`could not take the lock ${file}; remove it if no ingestion is running`);
}

/**
 * The lock files this process holds, by device and inode. A lock holding this process's id is held
 * when it is one of these: a second `buildIndex` in one process (a maintainer's script, a test) had
 * taken it over as "left by process N, which is no longer running", N being itself, and both runs
 * wrote the same index. One holding this id that is not one of these was left by an earlier process
 * that had the same id (a container's ingestion, restarted, often gets the pid the last one had): it
 * is taken over, as before.
 */
const heldHere = new Set<string>();

const lockKey = (st: fs.BigIntStats): string => `${st.dev}:${st.ino}`;

/**
 * A lock file as it was found: which file (inode, and the time of its last write in nanoseconds:
 * exact, as numbers of milliseconds are not), and why it is stale.
 */
export interface StaleLock {
  ino: bigint;
  mtimeNs: bigint;
  why: string;
}

/**
 * Removes the lock `file` if it is still the one found stale, and only then; true when it did.
 * Removing whatever the path names would not do: two processes that found the same lock stale could
 * both remove it, the second removing the lock the first had meanwhile put in its place, and both
 * run. So each first creates, exclusively, a takeover file named after that lock (its inode and
 * time), which only one of them can; that one removes the lock if the path still names the file
 * found stale, then its takeover file. The other finds the takeover file, or (the takeover done)
 * another file at the path, and removes nothing. A takeover file left beside the same lock by a
 * process that stopped in between, older than LOCK_GRACE_MS, is reported (LockError).
 */
export function removeStaleLock(file: string, stale: Omit<StaleLock, 'why'>): boolean {
  const same = () => {
    const now = statIfAny(file);
    return now !== null && now.ino === stale.ino && now.mtimeNs === stale.mtimeNs;
  };
  const takeover = `${file}.takeover-${stale.ino}-${stale.mtimeNs}`;
  try {
    fs.closeSync(fs.openSync(takeover, 'wx'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const since = statIfAny(takeover)?.mtimeMs;
    if (since !== undefined && Date.now() - Number(since) >= LOCK_GRACE_MS && same()) {
      throw new LockError(
        `${file} was being taken over by an ingestion that stopped (${takeover} is left): ` +
          'remove both if no ingestion is running.',
        { cause: err },
      );
    }
    return false; // another process is taking it over: what it leaves is looked at again
  }
  try {
    if (!same()) return false;
    fs.rmSync(file, { force: true });
    return true;
  } finally {
    fs.rmSync(takeover, { force: true });
  }
}

function statIfAny(file: string): fs.BigIntStats | null {
  try {
    return fs.statSync(file, { bigint: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * The existing lock file as found, with why its owner is gone (to say when taking it over), or null
 * when it went away meanwhile; throws LockError when it is, or may be, held. What it holds and which
 * file it is are read from one open file, so that they agree.
 */
function leftBehind(file: string, cause: unknown): StaleLock | null {
  let text: string;
  let st: fs.BigIntStats;
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    st = fs.fstatSync(fd, { bigint: true });
    text = fs.readFileSync(fd, 'utf8').trim();
  } finally {
    fs.closeSync(fd);
  }
  const found = { ino: st.ino, mtimeNs: st.mtimeNs };
  if (/^\d+$/.test(text) && Number(text) > 0) {
    const pid = Number(text);
    if (pid === process.pid && heldHere.has(lockKey(st))) {
      throw new LockError(
        `${file} is held by this process (${pid}): another ingestion of this index is running in it. ` +
          'Wait for it to finish before starting the next.',
        { cause },
      );
    }
    if (pid !== process.pid && isAlive(pid)) {
      throw new LockError(
        `${file} is held by process ${pid}: another ingestion is running. Wait for it to finish.`,
        { cause },
      );
    }
    return { ...found, why: `was left by process ${pid}, which is no longer running` };
  }
  const what = text ? `holds no process id (${JSON.stringify(text.slice(0, 40))})` : 'is empty';
  const mtimeMs = Number(st.mtimeMs);
  const age = Date.now() - mtimeMs;
  if (age < LOCK_GRACE_MS) {
    throw new LockError(
      `${file} ${what}: another ingestion may be starting. Try again in a few seconds; ` +
        'if it stays, remove it when no ingestion is running.',
      { cause },
    );
  }
  return {
    ...found,
    why: `${what} (since ${new Date(mtimeMs).toISOString()}: left by an ingestion that stopped before writing its process id)`,
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
