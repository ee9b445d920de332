import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { explainError } from './errors.js';

/**
 * `parseArgs` for a script, with `--help` / `-h`: the usage is printed and the process ends (0);
 * a mistyped option ends it too, with the usage (2). A script given --help must do nothing else:
 * `npm start -- --help` used to start the bot, `npm run fetch-model -- --help` to download.
 */
export function parseScriptArgs<T extends ParseArgsConfig>(
  config: T,
  usage: string,
): ReturnType<typeof parseArgs<T>> {
  const withHelp = {
    ...config,
    options: { ...config.options, help: { type: 'boolean', short: 'h' } },
  } as T;
  let parsed: ReturnType<typeof parseArgs<T>>;
  try {
    parsed = parseArgs(withHelp);
  } catch (err) {
    const { text, code } = explainError(err, usage.trimEnd());
    console.error(text);
    process.exit(code);
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(usage.endsWith('\n') ? usage : `${usage}\n`);
    process.exit(0);
  }
  return parsed;
}

/**
 * A path typed on the command line of `npm run <script>`, read from the folder the person ran it in.
 * npm runs a package's scripts from its root wherever it is started, and names the folder it was
 * started in INIT_CWD: `cd src && npm run ingest -- --source ../data/articles` had looked for a
 * data/articles beside the project ("Article source not found"), and an `--index` so given was
 * made or looked for somewhere else than where it was named. Started elsewhere than the root, the
 * path is made absolute, so that what is printed names it unmistakably. Started from the root, or
 * run any other way (node, tsx, or spawned by another npm script such as the tests), a script runs
 * where it was started, and the path is left as given; so is an absolute one.
 */
export function typedPath(p: string, script: string, env: NodeJS.ProcessEnv = process.env): string {
  const from = env.npm_lifecycle_event === script ? env.INIT_CWD : undefined;
  if (!from || path.isAbsolute(p) || path.resolve(from) === process.cwd()) return p;
  return path.resolve(from, p);
}
