/**
 * Entry point of the benchmark's child processes, one measurement each, so that peak RSS is that
 * measurement's alone: `node --import tsx src/bench/child.ts PARAMS.json`. The result is written
 * as JSON to the params' `resultFile`.
 */
import fs from 'node:fs';
import { loadConfig } from '../config.js';
import { measureAnn } from './ann.js';
import { measureIngest } from './ingest.js';
import { measureServing } from './serve.js';
import type { ChildParams } from './spawn.js';

async function main(file: string): Promise<void> {
  const params = JSON.parse(fs.readFileSync(file, 'utf8')) as ChildParams;
  const config = loadConfig();
  let result: unknown;
  switch (params.mode) {
    case 'ingest':
      result = await measureIngest(config, params.source, params.indexDir);
      break;
    case 'serve':
      result = await measureServing(config, params.indexDir, params.questions);
      break;
    case 'ann':
      result = await measureAnn(config, params.indexDir, params.questions);
      break;
  }
  fs.writeFileSync(params.resultFile, JSON.stringify(result));
}

const file = process.argv[2];
if (!file) {
  console.error('usage: node --import tsx src/bench/child.ts PARAMS.json');
  process.exit(2);
}
main(file).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
