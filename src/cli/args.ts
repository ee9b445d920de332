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
