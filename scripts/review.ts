import 'dotenv/config';
import fs from 'node:fs';
import { explainError } from '../src/cli/errors.js';
import { loadConfig } from '../src/config.js';
import { AnswerLog } from '../src/log/index.js';
import {
  CLI_USAGE,
  Moderators,
  createReviewServer,
  listen,
  openArticleSource,
  runReviewCli,
} from '../src/review/index.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

async function serveReview(): Promise<number> {
  const config = loadConfig();
  // Refuse before touching anything when nobody could log in.
  const moderators = Moderators.fromConfig(config);
  if (!fs.existsSync(config.LOG_DB)) {
    console.warn(
      `There is no answer log at ${config.LOG_DB} yet (LOG_DB); an empty one is made. Is LOG_DB right?`,
    );
  }
  const log = AnswerLog.fromConfig(config);
  const articles = openArticleSource(config.INDEX_DIR, (m) => console.warn(m));
  const app = createReviewServer({
    log,
    config,
    articleText: (id) => articles.articleText(id),
    indexProblem: () => articles.problem(),
  });
  const server = await listen(app, config.REVIEW_HOST, config.REVIEW_PORT);
  console.log(
    `Review page on ${server.url} (moderators: ${moderators.names().join(', ')}; answer log ${log.file})`,
  );
  if (!LOOPBACK.has(config.REVIEW_HOST)) {
    console.warn(
      `REVIEW_HOST=${config.REVIEW_HOST} makes the page reachable from other machines; put it behind HTTPS.`,
    );
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  app.close();
  articles.close();
  log.close();
  return 0;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.length === 0 || argv[0] === 'serve') return serveReview();
  // Help opens nothing: the answer log would be created, with its secret, to print the usage.
  if (['help', '--help', '-h'].includes(argv[0]!)) {
    process.stdout.write(CLI_USAGE);
    return 0;
  }
  const config = loadConfig();
  // A mistyped LOG_DB would otherwise be created empty, and read as "nothing to review".
  if (!fs.existsSync(config.LOG_DB)) {
    console.error(
      `There is no answer log at ${config.LOG_DB} (LOG_DB): check the setting; the bot creates it.`,
    );
    return 1;
  }
  const log = AnswerLog.fromConfig(config);
  try {
    return await runReviewCli(argv, { log, config, stdout: process.stdout, stderr: process.stderr });
  } finally {
    log.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const { text } = explainError(err);
    const port = (err as NodeJS.ErrnoException).code === 'EADDRINUSE' ? ' (REVIEW_PORT)' : '';
    console.error(text + port);
    process.exitCode = 1;
  },
);
