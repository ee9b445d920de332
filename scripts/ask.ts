import 'dotenv/config';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { openQA, type Answer, type Citation } from '../src/answer/index.js';
import { formatSource } from '../src/answer/format.js';
import { typedPath } from '../src/cli/args.js';
import { explainError } from '../src/cli/errors.js';
import { loadConfig } from '../src/config.js';
import { holdsIndex } from '../src/index/manifest.js';

const usage = `Usage:
  npm run ask -- "question"              print an answer for a person
  npm run --silent ask -- --json         batch: JSON lines {"id","question"} in, one JSON answer per line out
Options:
  --index DIR     answer from another index (built with npm run ingest -- --source PATH --index DIR)
  --after TEXT    read the question as a follow-up of TEXT ("and when was that?"); in --json mode
                  a line's optional "previous" string does the same
`;

function forPerson(a: Answer): string {
  const lines = [a.text, ''];
  if (a.follows)
    lines.unshift(`(${a.language === 'ar' ? 'متابعةً لسؤال' : 'read as a follow-up to'}: «${a.follows}»)`, '');
  for (const c of a.citations) {
    lines.push(
      `[${c.n}] ${formatSource(c.source, c.published, c.publishedPrecision, a.language)} — ${c.articleId}`,
    );
    lines.push(`    «${c.text}»`);
    for (const d of c.alsoIn) {
      lines.push(
        `    ${a.language === 'ar' ? 'ورد أيضًا في' : 'also in'}: ${formatSource(d.source, d.published, d.publishedPrecision, a.language)} — ${d.articleId}`,
      );
    }
  }
  lines.push('', `(${a.embedderId}, index ${a.indexVersion}, ${a.latencyMs.toFixed(1)} ms)`);
  return lines.join('\n');
}

type Cited = Pick<
  Citation,
  'articleId' | 'text' | 'source' | 'published' | 'publishedPrecision' | 'start' | 'end'
>;

function batchCitation(n: number, score: number, c: Cited) {
  const { articleId, text, source, published, publishedPrecision, start, end } = c;
  return { n, articleId, text, source, published, publishedPrecision, start, end, score };
}

/**
 * One JSON line per answer. `citations` lists every article the answer cites, best first: a
 * passage that several outlets carry is one citation [n] for a person, and here each of those
 * articles follows it with its own passage text and the same `n`.
 */
function forBatch(id: unknown, a: Answer): string {
  return JSON.stringify({
    id,
    ...(a.follows ? { follows: a.follows } : {}),
    answer: a.text,
    abstained: a.abstained,
    language: a.language,
    topScore: a.topScore,
    latencyMs: Math.round(a.latencyMs * 100) / 100,
    citations: a.citations.flatMap((c) => [
      batchCitation(c.n, c.score, c),
      ...c.alsoIn.map((d) => batchCitation(c.n, c.score, d)),
    ]),
  });
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      index: { type: 'string' },
      after: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const question = positionals.join(' ');
  if (!values.json && !question.trim()) {
    // An empty question has nothing to search for: say how to ask, rather than abstain.
    process.stderr.write(positionals.length ? 'The question is empty.\n' + usage : usage);
    return 2;
  }
  const config = loadConfig();
  // Only the default index is built on first use: a folder named with --index that holds none is
  // most likely a typo, and the seed articles built there would answer in its place.
  const indexDir = values.index === undefined ? undefined : typedPath(values.index, 'ask');
  if (indexDir !== undefined && !holdsIndex(indexDir)) {
    console.error(
      `There is no index in ${values.index}. Build one with ` +
        `\`npm run ingest -- --source PATH --index ${values.index}\` ` +
        '(PATH: a folder of articles or a .jsonl / .jsonl.gz file), or leave out --index for the default one.',
    );
    return 2;
  }
  const qa = await openQA(config, {
    indexDir,
    buildIfMissing: indexDir === undefined,
    onProgress: (l) => console.error(l),
  });
  try {
    if (!values.json) {
      await written(forPerson(await qa.answer(question, { previous: values.after })) + '\n');
      return 0;
    }
    let lineNo = 0;
    for await (const line of readline.createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      lineNo++;
      if (!line.trim()) continue;
      let req: { id?: unknown; question?: unknown; previous?: unknown };
      try {
        req = JSON.parse(line) as typeof req;
      } catch {
        console.error(`stdin line ${lineNo}: not JSON, skipped`);
        continue;
      }
      if (typeof req.question !== 'string') {
        console.error(`stdin line ${lineNo}: no "question" string, skipped`);
        continue;
      }
      const previous = typeof req.previous === 'string' ? req.previous : undefined;
      await written(forBatch(req.id, await qa.answer(req.question, { previous })) + '\n');
    }
    return 0;
  } finally {
    await qa.close();
  }
}

/**
 * `line` written to stdout, and handed to the system: writes to a pipe are asynchronous, and the
 * process.exit below had cut off the answers still queued when the reader was slow (a batch of 925
 * on a loaded machine lost its last 81; a long answer piped to `less` could lose its end).
 */
function written(line: string): Promise<void> {
  return new Promise((resolve, reject) =>
    process.stdout.write(line, (err) => (err ? reject(err) : resolve())),
  );
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const { text, code } = explainError(err, usage);
    console.error(text);
    process.exit(code);
  },
);
