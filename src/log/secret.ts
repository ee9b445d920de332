import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const SECRET_FILE = 'log-hmac-secret';

/**
 * A secret key: the configured one, else one generated on first use and kept in `stateDir/fileName`
 * (mode 0600) so what it signs or hashes stays valid across restarts. By default the HMAC key for
 * the log's pseudonymous ids; the review page keeps its session key the same way.
 */
export function loadOrCreateSecret(
  configured: string | undefined,
  stateDir: string,
  fileName: string = SECRET_FILE,
): string {
  if (configured) return configured;
  const file = path.join(stateDir, fileName);
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
    throw new Error(`${file} is too short to be a secret key; delete it to generate a new one`);
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
