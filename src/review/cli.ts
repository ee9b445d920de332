import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import {
  REVIEW_STATES,
  askedAs,
  type AnswerLog,
  type AnswerRecord,
  type LoggedCitation,
  type ReviewState,
} from '../log/index.js';
import { counted, type CountForms } from '../text/plural.js';
import { Moderators, NAME_RULE, ReviewConfigError, isModeratorName } from './auth.js';
import { exportChunks } from './export.js';
import { badFilter, plainText, type Bilingual } from './messages.js';
import { ASKED_AS_LABEL, CHAT_LABEL, FEEDBACK_LABEL, LANGUAGE_LABEL, STATE_LABEL } from './pages.js';
import { ReviewQueries, parseFilters, type ExportRow, type Filters, type QueueRow } from './query.js';

export const CLI_USAGE = `Usage:
  npm run review                              serve the review page (REVIEW_HOST:REVIEW_PORT)
  npm run review -- list [filters] [--limit N] [--page N]
  npm run review -- show ID
  npm run review -- mark ID correct|incorrect|article_missing --by NAME [--note TEXT]
                                              without --note the note is kept; --note "" clears it
  npm run review -- mark ID unreviewed --by NAME [--note WHY]
                                              take back a verdict given by mistake (kept in the audit trail)
  npm run review -- export --format csv|jsonl [filters] [--out FILE]
  npm run review -- purge [--days N]          delete answers older than N days (default LOG_RETENTION_DAYS)
Filters (as on the page):
  --feedback down|up|none   --abstained 1|0   --max-score X   --lang ar|en
  --from YYYY-MM-DD   --to YYYY-MM-DD   --state unreviewed|correct|incorrect|article_missing   --q TEXT
`;

export interface Output {
  write(chunk: string): boolean;
  once?(event: 'drain', listener: () => void): unknown;
}

export interface ReviewCliDeps {
  log: AnswerLog;
  config: Config;
  stdout: Output;
  stderr: Output;
}

class UsageError extends Error {}

const FILTER_OPTIONS = {
  feedback: { type: 'string' },
  abstained: { type: 'string' },
  'max-score': { type: 'string' },
  lang: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  state: { type: 'string' },
  q: { type: 'string' },
} as const;

function filtersOf(values: Record<string, unknown>): Filters {
  const parsed = parseFilters({
    feedback: values.feedback as string | undefined,
    abstained: values.abstained as string | undefined,
    maxScore: values['max-score'] as string | undefined,
    lang: values.lang as string | undefined,
    from: values.from as string | undefined,
    to: values.to as string | undefined,
    state: values.state as string | undefined,
    q: values.q as string | undefined,
  });
  if (!parsed.ok) {
    // The option as this command names it; the lines as the page's plain-text answers give them.
    const cli = (text: string) => text.replaceAll('maxScore', 'max-score');
    const detail = { en: cli(parsed.message.en), ar: cli(parsed.message.ar) };
    throw new UsageError(plainText(badFilter(detail)).trimEnd());
  }
  return parsed.filters;
}

function positiveInt(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new UsageError(`--${name} must be a whole number from 1 to ${max}`);
  }
  return Number(value);
}

function answerIdOf(value: string | undefined): number {
  if (!value || !/^\d{1,15}$/.test(value)) throw new UsageError('Give the answer id, e.g. `show 42`');
  return Number(value);
}

const clip = (s: string, n: number) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > n ? flat.slice(0, n - 1) + '…' : flat;
};
/** Two columns wide, as a terminal shows 👎 and 👍. */
const fb = (f: string | null) => (f === 'down' ? '👎' : f === 'up' ? '👍' : '· ');
const num = (n: number | null, digits = 3) => (n === null ? '—' : n.toFixed(digits));

function listLine(r: QueueRow): string {
  return [
    `#${r.id}`.padEnd(7),
    r.createdAt.slice(0, 16).replace('T', ' '),
    r.language,
    fb(r.feedback),
    // An answer Telegram refused says so here too, as wide as "undelivered" (both: wider).
    [r.abstained ? 'abstained' : '', r.undelivered ? 'undelivered' : ''].filter(Boolean).join(',').padEnd(11),
    // "score —" (no score) as wide as "score 0.350", so the review column lines up.
    `score ${num(r.topScore)}`.padEnd(11),
    (r.reviewState + (r.reviewedBy ? ` (${r.reviewedBy})` : '')).padEnd(24),
    clip(r.question, 80),
  ].join('  ');
}

/**
 * `show` is read by a person, who may read English or Arabic better: each label is in both, as on the
 * page ("Question / السؤال:"). A value keeps the word this command takes and lists by (`ar`,
 * `incorrect`, `article_missing`, `down`: what `mark`, `--state` and `--lang` are given), with its
 * Arabic beside it in brackets. `list`'s lines on stdout stay as they were: one answer a line, in
 * those words, for scripts that cut or grep them; only what it says on stderr is in both languages.
 */
const label = (en: string, ar: string) => `${en} / ${ar}:`;
const valued = (value: string, ar: string | undefined) => (ar ? `${value} (${ar})` : value);
const YES_NO = { yes: 'نعم', no: 'لا' } as const;
const NO_FEEDBACK_AR = 'بلا تقييم';

/** After «إجابة» is counted: إجابة واحدة، إجابتان، 3–10 إجابات، 11–99 إجابةً، 100 إجابة. */
const AR_ANSWERS: CountForms = {
  one: 'إجابة واحدة',
  two: 'إجابتان',
  few: '# إجابات',
  many: '# إجابةً',
  other: '# إجابة',
};

/** What `list` says on stderr after its lines: how many, and the next page's option when there is one. */
function listed(n: number, next: number | null): Bilingual {
  if (n === 0) return { en: 'No answers match.', ar: 'لا توجد إجابات مطابقة.' };
  // The option left to right inside the Arabic, as badFilter's parameter names are.
  const more = next === null ? null : `--page ${next}`;
  return {
    en: `${counted('en', n, { one: '# answer', other: '# answers' })}${more ? ` (more: ${more})` : ''}`,
    ar: `${counted('ar', n, AR_ANSWERS)}${more ? ` (المزيد: \u2066${more}\u2069)` : ''}`,
  };
}

function showText(a: AnswerRecord, events: ReturnType<AnswerLog['reviewEvents']>): string {
  const asked = askedAs(a);
  const state = (s: ReviewState) => valued(s, STATE_LABEL[s][1]);
  const yesNo = (b: boolean) => valued(b ? 'yes' : 'no', YES_NO[b ? 'yes' : 'no']);
  const feedback =
    a.feedback === null ? valued('none', NO_FEEDBACK_AR) : valued(a.feedback, FEEDBACK_LABEL[a.feedback][1]);
  const lines = [
    `${label('Answer', 'الإجابة')} #${a.id}`,
    `${label('Time', 'الوقت')} ${a.createdAt}`,
    `${label('Language', 'اللغة')} ${valued(a.language, LANGUAGE_LABEL[a.language][1])}`,
    `${label('Chat', 'المحادثة')} ${valued(a.chatType, CHAT_LABEL[a.chatType]?.[1])}`,
    ...(asked === 'person' ? [] : [`${label('Asked as', 'طُرح باسم')} ${ASKED_AS_LABEL[asked].join(' / ')}`]),
    ...(a.undelivered === null
      ? []
      : [`${label('Not delivered, Telegram refused it', 'لم تُسلَّم، رفضها تيليغرام')} ${a.undelivered}`]),
    `${label('Feedback', 'التقييم')} ${feedback}${a.feedbackAt ? ` ${a.feedbackAt}` : ''}`,
    `${label('Abstained', 'امتنع')} ${yesNo(a.abstained)}`,
    `${label('Top score', 'أعلى درجة')} ${num(a.topScore)}`,
    `${label('Embedder', 'نموذج التضمين')} ${a.embedderId ?? '—'}`,
    `${label('Index version', 'إصدار الفهرس')} ${a.indexVersion ?? '—'}`,
    `${label('Latency', 'زمن الاستجابة')} ${a.latencyMs === null ? '—' : `${a.latencyMs.toFixed(1)} ms`}`,
    `${label('Review', 'المراجعة')} ${state(a.reviewState)}${a.reviewedBy ? ` — ${a.reviewedBy}, ${a.reviewedAt}` : ''}`,
    ...(a.reviewNote ? [`${label('Note', 'ملاحظة')} ${a.reviewNote}`] : []),
    '',
    label('Question', 'السؤال'),
    a.question,
    ...(a.follows ? ['', label('Read as a follow-up of', 'قُرئ متابعةً لسؤال'), a.follows] : []),
    '',
    label('Answer as sent', 'الإجابة كما أُرسلت'),
    a.answerText,
  ];
  const cite = (c: LoggedCitation) => {
    lines.push(
      '',
      `[${c.n}] ${c.articleId} @${c.start ?? '?'}-${c.end ?? '?'}  score ${num(c.score)}  ${c.source ?? ''} ${c.published ?? ''}`.trimEnd(),
      `    «${c.text}»`,
    );
    for (const d of c.alsoIn) {
      lines.push(`    ${label('also in', 'ورد أيضًا في')} ${d.articleId}${d.source ? ` (${d.source})` : ''}`);
    }
  };
  if (a.citations.length) lines.push('', label('Citations', 'الاستشهادات'));
  a.citations.forEach(cite);
  if (a.considered.length) {
    lines.push(
      '',
      label('Set aside (not shown: it abstained)', 'مقاطع استبعدها (لم تُعرض: امتنع عن الإجابة)'),
    );
  }
  a.considered.forEach(cite);
  if (events.length) {
    lines.push('', label('Audit trail', 'سجل المراجعات'));
    for (const e of events) {
      lines.push(
        `  ${e.at}  ${e.moderator}  ${state(e.fromState)} → ${state(e.toState)}${e.note ? `  — ${e.note}` : ''}`,
      );
    }
  }
  return lines.join('\n') + '\n';
}

async function writeAll(out: Output, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!out.write(chunk) && out.once) await new Promise<void>((resolve) => out.once?.('drain', resolve));
  }
}

function* countedRows(rows: Iterable<ExportRow>, counter: { n: number }): Generator<ExportRow> {
  for (const r of rows) {
    counter.n++;
    yield r;
  }
}

/** The review command line; returns the exit code (2 for usage errors, 1 for a missing answer). */
export async function runReviewCli(argv: readonly string[], deps: ReviewCliDeps): Promise<number> {
  const [command, ...rest] = argv;
  const { log, config, stdout, stderr } = deps;
  try {
    switch (command) {
      case 'list': {
        const { values } = parseArgs({
          args: rest,
          options: { ...FILTER_OPTIONS, limit: { type: 'string' }, page: { type: 'string' } },
        });
        const filters = filtersOf(values);
        const limit = positiveInt(values.limit, 'limit', 50, 10_000);
        const page = positiveInt(values.page, 'page', 1, 1_000_000);
        const queries = new ReviewQueries(log.file);
        try {
          const { rows, hasMore } = queries.queue(filters, page, limit);
          stdout.write(rows.map((r) => listLine(r) + '\n').join(''));
          stderr.write(plainText(listed(rows.length, hasMore ? page + 1 : null)));
        } finally {
          queries.close();
        }
        return 0;
      }
      case 'show': {
        const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
        const id = answerIdOf(positionals[0]);
        const a = log.get(id);
        if (!a) {
          stderr.write(`No answer #${id} in ${log.file}\n`);
          return 1;
        }
        stdout.write(showText(a, log.reviewEvents(id)));
        return 0;
      }
      case 'mark': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { by: { type: 'string' }, note: { type: 'string' } },
        });
        const id = answerIdOf(positionals[0]);
        const state = positionals[1];
        if (!state || !(REVIEW_STATES as readonly string[]).includes(state)) {
          throw new UsageError(
            `Give the verdict: mark ${id} ${REVIEW_STATES.filter((s) => s !== 'unreviewed').join('|')} --by NAME [--note TEXT], ` +
              `or take one back: mark ${id} unreviewed --by NAME [--note WHY]`,
          );
        }
        const by = values.by?.trim();
        if (!by) throw new UsageError('Say who you are: --by NAME (your moderator name)');
        // The name is who the audit trail says did it; it is not a login (whoever can run this can
        // write the answer log). With REVIEW_MODERATORS set it must be one of them, which catches
        // typos; without, a single maintainer need not set up tokens for a page they do not serve,
        // but the name must still be one REVIEW_MODERATORS could hold, so that it lines up with the
        // page's names later, and no line break or control character enters the trail.
        const moderators = Moderators.parse(config.REVIEW_MODERATORS);
        if (moderators.names().length > 0 && !moderators.has(by)) {
          throw new UsageError(
            `"${by}" is not a moderator in REVIEW_MODERATORS (${moderators.names().join(', ')})`,
          );
        }
        if (!isModeratorName(by)) {
          throw new UsageError(`--by ${JSON.stringify(by)} is not a usable name (${NAME_RULE})`);
        }
        if (moderators.names().length === 0) {
          stderr.write(`No REVIEW_MODERATORS are set, so "${by}" is recorded as given, unchecked.\n`);
        }
        const answer = log.get(id);
        if (!answer) {
          stderr.write(`No answer #${id} in ${log.file}\n`);
          return 1;
        }
        // Without --note a verdict keeps the answer's note, as the page's form does; --note "" clears
        // it. Taking a verdict back clears it; its --note is the reason, kept in the audit trail.
        const unreview = state === 'unreviewed';
        const note =
          values.note === undefined ? (unreview ? null : answer.reviewNote) : values.note.trim() || null;
        const result = log.setReview(id, by, state as ReviewState, note);
        if (result === 'not-found') {
          stderr.write(`No answer #${id} in ${log.file}\n`);
          return 1;
        }
        if (result === 'unchanged') {
          stdout.write(`#${id} is unreviewed already; nothing recorded\n`);
          return 0;
        }
        stdout.write(
          unreview
            ? `#${id} returned to unreviewed by ${by} (was ${answer.reviewState})\n`
            : `#${id} marked ${state} by ${by}\n`,
        );
        return 0;
      }
      case 'export': {
        const { values } = parseArgs({
          args: rest,
          options: { ...FILTER_OPTIONS, format: { type: 'string' }, out: { type: 'string' } },
        });
        const format = values.format;
        if (format !== 'csv' && format !== 'jsonl')
          throw new UsageError('Give --format csv or --format jsonl');
        const filters = filtersOf(values);
        const queries = new ReviewQueries(log.file);
        const counter = { n: 0 };
        try {
          const chunks = exportChunks(format, countedRows(queries.exportRows(filters), counter));
          if (values.out) {
            try {
              await pipeline(Readable.from(chunks), fs.createWriteStream(values.out));
            } catch (err) {
              stderr.write(`Cannot write ${values.out}: ${(err as Error).message}\n`);
              return 1;
            }
          } else {
            await writeAll(stdout, chunks);
          }
        } finally {
          queries.close();
        }
        stderr.write(`exported ${counter.n} answers${values.out ? ` to ${values.out}` : ''}\n`);
        return 0;
      }
      case 'purge': {
        const { values } = parseArgs({ args: rest, options: { days: { type: 'string' } } });
        const days = positiveInt(values.days, 'days', config.LOG_RETENTION_DAYS, 36_500);
        if (days <= 0) {
          stderr.write('LOG_RETENTION_DAYS is 0 (keep forever); nothing purged. Pass --days N to purge.\n');
          return 0;
        }
        const n = log.purge(days);
        stdout.write(`purged ${n} answers older than ${days} days\n`);
        return 0;
      }
      case 'help':
      case '--help':
      case '-h':
        stdout.write(CLI_USAGE);
        return 0;
      default:
        throw new UsageError(command ? `Unknown command "${command}"` : 'Give a command');
    }
  } catch (err) {
    const usage =
      err instanceof UsageError ||
      err instanceof ReviewConfigError ||
      (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (!usage) throw err;
    stderr.write(`${(err as Error).message}\n\n${CLI_USAGE}`);
    return 2;
  }
}
