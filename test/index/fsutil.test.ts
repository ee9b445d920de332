import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { LOCK_GRACE_MS, LockError, acquireLock, removeStaleLock } from '../../src/index/fsutil.js';
import { tmpDir } from '../helpers/tmp.js';

/** A lock file with the given content, last written `ageMs` ago. */
function lockFile(content: string, ageMs: number): string {
  const file = path.join(tmpDir('lock-'), '.lock');
  fs.writeFileSync(file, content);
  const when = new Date(Date.now() - ageMs);
  fs.utimesSync(file, when, when);
  return file;
}

/** The pid of a process that has ended (and so holds nothing). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

test('a lock is taken, holds this process id, and is released', () => {
  const file = path.join(tmpDir('lock-'), '.lock');
  const warnings: string[] = [];
  const release = acquireLock(file, (m) => warnings.push(m));
  assert.equal(fs.readFileSync(file, 'utf8'), String(process.pid));
  release();
  assert.equal(fs.existsSync(file), false);
  assert.deepEqual(warnings, []);
});

test('a lock held by a live process is refused, and left in place', () => {
  // The parent of this test's process is alive and is not this process.
  const file = lockFile(String(process.ppid), 60 * 60_000);
  const warnings: string[] = [];
  assert.throws(
    () => acquireLock(file, (m) => warnings.push(m)),
    (err: Error) => err instanceof LockError && /held by process \d+: another ingestion/.test(err.message),
  );
  assert.equal(fs.readFileSync(file, 'utf8'), String(process.ppid));
  assert.deepEqual(warnings, []);
});

test('a lock left by a process that ended is taken over, and the takeover is reported', () => {
  const pid = deadPid();
  const file = lockFile(String(pid), 1000);
  const warnings: string[] = [];
  const release = acquireLock(file, (m) => warnings.push(m));
  assert.equal(fs.readFileSync(file, 'utf8'), String(process.pid));
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, new RegExp(`was left by process ${pid}, which is no longer running`));
  release();
});

test('an old empty lock (a crash between creating and writing it) is taken over with a warning', () => {
  const file = lockFile('', LOCK_GRACE_MS + 60_000);
  const warnings: string[] = [];
  const release = acquireLock(file, (m) => warnings.push(m));
  assert.equal(fs.readFileSync(file, 'utf8'), String(process.pid));
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /\.lock is empty \(since \d{4}-.*stopped before writing its process id\)/);
  assert.match(warnings[0]!, /taking the lock over/);
  release();
});

test('an old lock holding no process id is taken over with a warning saying what it held', () => {
  const file = lockFile('\0\0garbage', LOCK_GRACE_MS + 60_000);
  const warnings: string[] = [];
  acquireLock(file, (m) => warnings.push(m))();
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /holds no process id \("\\u0000\\u0000garbage"\)/);
});

test('a fresh empty lock is refused: its owner may be writing its process id right now', () => {
  const file = lockFile('', 0);
  const warnings: string[] = [];
  assert.throws(
    () => acquireLock(file, (m) => warnings.push(m)),
    (err: Error) =>
      err instanceof LockError && /\.lock is empty: another ingestion may be starting/.test(err.message),
  );
  assert.equal(fs.existsSync(file), true, 'left for its owner');
  assert.deepEqual(warnings, []);
});

test('a lock whose process id cannot be written (a full disk) is not left behind empty', (t) => {
  const file = path.join(tmpDir('lock-'), '.lock');
  t.mock.method(fs, 'writeSync', () => {
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  });
  assert.throws(() => acquireLock(file), /ENOSPC/);
  t.mock.restoreAll();
  assert.equal(fs.existsSync(file), false);
});

test('a stale lock that another process took over meanwhile is left to it, not taken over again', () => {
  const file = lockFile(String(deadPid()), 1000);
  const warnings: string[] = [];
  // Between this process finding the lock stale and taking it over, another one (here the parent of
  // this test's process, alive) takes it over: it removes the stale lock and writes its own.
  const otherTakesOver = () => {
    fs.rmSync(file);
    fs.writeFileSync(file, String(process.ppid));
  };
  assert.throws(
    () => acquireLock(file, (m) => warnings.push(m), { beforeTakeover: otherTakesOver }),
    (err: Error) =>
      err instanceof LockError && new RegExp(`held by process ${process.ppid}`).test(err.message),
  );
  assert.equal(fs.readFileSync(file, 'utf8'), String(process.ppid), "the other process's lock is intact");
  assert.deepEqual(warnings, [], 'nothing was taken over');
});

test('taking the same stale lock over twice removes it once, never the lock put in its place', () => {
  const file = lockFile(String(deadPid()), 1000);
  const found = fs.statSync(file, { bigint: true });
  // Two processes found it stale; the first takes it over and writes its own lock.
  assert.equal(removeStaleLock(file, found), true);
  fs.writeFileSync(file, String(process.ppid));
  assert.equal(removeStaleLock(file, found), false, 'the second removes nothing');
  assert.equal(fs.readFileSync(file, 'utf8'), String(process.ppid));
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['.lock'], 'no takeover file is left');
});

test('a takeover left half done by a process that stopped is reported, naming what to remove', (t) => {
  const file = lockFile(String(deadPid()), 1000);
  const found = fs.statSync(file, { bigint: true });
  // The first taker stops after claiming the takeover, before removing anything.
  t.mock.method(fs, 'rmSync', () => {
    throw new Error('killed');
  });
  assert.throws(() => removeStaleLock(file, found), /killed/);
  t.mock.restoreAll();
  const [takeover] = fs.readdirSync(path.dirname(file)).filter((n) => n.includes('takeover'));
  assert.ok(takeover);
  // Just now, it may still be at work: nothing is removed, and the lock is looked at again.
  assert.equal(removeStaleLock(file, found), false);
  const when = new Date(Date.now() - LOCK_GRACE_MS - 1000);
  fs.utimesSync(path.join(path.dirname(file), takeover), when, when);
  assert.throws(
    () => acquireLock(file, () => {}),
    (err: Error) =>
      err instanceof LockError &&
      err.message.includes(`${takeover} is left): remove both if no ingestion is running`),
  );
  assert.ok(fs.existsSync(file), 'the lock stays for the maintainer to look at');
});

test('a lock this process holds is refused to a second taker in it, and free again once released', () => {
  const file = path.join(tmpDir('lock-'), '.lock');
  const warnings: string[] = [];
  const release = acquireLock(file, (m) => warnings.push(m));
  assert.throws(
    () => acquireLock(file, (m) => warnings.push(m)),
    (err: Error) =>
      err instanceof LockError &&
      err.message.includes(`is held by this process (${process.pid}): another ingestion of this index`),
  );
  assert.equal(fs.readFileSync(file, 'utf8'), String(process.pid), 'the holder keeps its lock');
  assert.equal(warnings.length, 0, 'nothing was taken over');
  release();
  acquireLock(file, (m) => warnings.push(m))();
  assert.deepEqual(warnings, []);
});

test("a lock holding this process's id that it does not hold (a reused pid) is taken over", () => {
  // Left by an earlier process that had this id: a restarted container's ingestion often gets it.
  const file = lockFile(String(process.pid), 1000);
  const warnings: string[] = [];
  const release = acquireLock(file, (m) => warnings.push(m));
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, new RegExp(`was left by process ${process.pid}, which is no longer running`));
  release();
});
