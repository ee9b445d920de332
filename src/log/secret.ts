import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const SECRET_FILE = 'log-hmac-secret';

/**
 * The HMAC key for pseudonymous ids: the configured one, else one generated on first use and kept
 * in `stateDir` (mode 0600) so hashes stay stable across restarts.
 */
export function loadOrCreateSecret(configured: string | undefined, stateDir: string): string {
  if (configured) return configured;
  const file = path.join(stateDir, SECRET_FILE);
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
    throw new Error(`${file} is too short to be an HMAC secret; delete it to generate a new one`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(stateDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString('hex');
  // 'wx' fails if another process created it meanwhile; then theirs wins.
  try {
    fs.writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
    throw err;
  }
  return secret;
}
