import 'dotenv/config';
import { loadConfig } from '../src/config.js';
import { e5WeightFile, fetchE5Model } from '../src/embed/e5.js';
import { parseScriptArgs } from '../src/cli/args.js';

// Downloads the multilingual-e5-small files (q8 weights, tokenizer, config) into E5_MODEL_DIR.
parseScriptArgs(
  { options: {} },
  `Usage: npm run fetch-model

Downloads multilingual-e5-small (E5_MODEL_ID; q8 weights, about 118 MB, tokenizer and config) into
E5_MODEL_DIR. With the weights there, EMBEDDER=auto uses e5; rebuild the index with npm run ingest.
`,
);
try {
  const config = loadConfig();
  console.log(
    `Fetching ${config.E5_MODEL_ID} into ${config.E5_MODEL_DIR} ` +
      `(${e5WeightFile('q8')} is about 118 MB)...`,
  );
  await fetchE5Model({
    modelDir: config.E5_MODEL_DIR,
    modelId: config.E5_MODEL_ID,
    onFile: (f) =>
      console.log(
        f.bytes === null
          ? `  ${f.path}: already present`
          : `  wrote ${f.path} (${(f.bytes / 1e6).toFixed(1)} MB)`,
      ),
  });
  console.log('Done. EMBEDDER=auto will now use e5; rebuild the index with `npm run ingest`.');
} catch (err) {
  console.error(`fetch-model failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
