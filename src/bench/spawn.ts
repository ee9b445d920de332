import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnnResult } from './ann.js';
import type { IngestResult } from './ingest.js';
import type { ServeResult } from './serve.js';

export type ChildParams =
  | { mode: 'ingest'; source: string; indexDir: string; resultFile: string }
  | { mode: 'serve'; indexDir: string; questions: string[]; resultFile: string }
  | { mode: 'ann'; indexDir: string; questions: string[]; resultFile: string };

type Results = { ingest: IngestResult; serve: ServeResult; ann: AnnResult };
type Params<M extends ChildParams['mode']> = Omit<Extract<ChildParams, { mode: M }>, 'mode' | 'resultFile'>;

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const ROOT = path.resolve(path.dirname(CHILD), '..', '..');

/**
 * Runs one measurement in a fresh Node process (tsx, the project's root as working directory) with
 * `env`, and returns its result. The child's output goes to this process's stderr.
 */
export async function runChild<M extends ChildParams['mode']>(
  mode: M,
  params: Params<M>,
  env: NodeJS.ProcessEnv,
): Promise<Results[M]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-child-'));
  try {
    const resultFile = path.join(dir, 'result.json');
    const paramsFile = path.join(dir, 'params.json');
    fs.writeFileSync(paramsFile, JSON.stringify({ ...params, mode, resultFile }));
    // The recall child holds every vector several times over (JS arrays, exact index, HNSWLib);
    // the others keep Node's default heap, so their peak RSS is what the product would see.
    const heap = mode === 'ann' ? ['--max-old-space-size=8192'] : [];
    const child = spawn(process.execPath, [...heap, '--import', 'tsx', CHILD, paramsFile], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 2, 2],
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (c, signal) => resolve(signal ? -1 : c));
    });
    if (code !== 0 || !fs.existsSync(resultFile)) {
      throw new Error(`the ${mode} measurement failed (child exit ${code}); its error is printed above`);
    }
    return JSON.parse(fs.readFileSync(resultFile, 'utf8')) as Results[M];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
