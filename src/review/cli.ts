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
import { ANSWERS, AR_CHARACTERS, counted, DAYS, type CountForms } from '../text/plural.js';
import { Moderators, NAME_RULE, ReviewConfigError, isModeratorName } from './auth.js';
import { exportChunks } from './export.js';
import { badFilter, plainText, type Bilingual } from './messages.js';
import { ASKED_AS_LABEL, CHAT_LABEL, FEEDBACK_LABEL, LANGUAGE_LABEL, STATE_LABEL } from './pages.js';
import { ReviewQueries, parseFilters, type ExportRow, type Filters, type QueueRow } from './query.js';

/**
 * The usage, read by a person: each command's line as it is typed, what it does in English and, on
 * the next line, in Arabic (the options, which are typed as they are, left to right inside it).
 */
export const CLI_USAGE = `Usage / طريقة الاستخدام:
  npm run review                              serve the review page (REVIEW_HOST:REVIEW_PORT)
                                              تشغيل صفحة المراجعة
  npm run review -- list [filters] [--limit N] [--page N]
                                              list answers, newest first (--order oldest: oldest), one a line
                                              عرض الإجابات، الأحدث أولًا (أو الأقدم بـ\u2066--order oldest\u2069)، كل إجابة في سطر
  npm run review -- show ID
                                              show one answer in full / عرض إجابة واحدة كاملة
  npm run review -- mark ID correct|incorrect|article_missing --by NAME [--note TEXT]
                                              without --note the note is kept; --note "" clears it
                                              دون \u2066--note\u2069 تبقى الملاحظة؛ و\u2066--note ""\u2069 يمحوها
  npm run review -- mark ID unreviewed --by NAME [--note WHY]
                                              take back a verdict given by mistake (kept in the audit trail)
                                              سحب حكم أُعطي خطأً (يبقى في سجل المراجعات)
  npm run review -- export --format csv|jsonl [filters] [--out FILE]
                                              export answers / تصدير الإجابات
  npm run review -- purge [--days N]          delete answers older than N days (default LOG_RETENTION_DAYS)
                                              حذف الإجابات الأقدم من N يوم (افتراضيًا \u2066LOG_RETENTION_DAYS\u2069)
Filters (as on the page) / عوامل التصفية (كما في الصفحة):
  --feedback down|up|none   --abstained 1|0   --max-score X   --lang ar|en   --undelivered 1|0
  --from YYYY-MM-DD   --to YYYY-MM-DD   --state unreviewed|correct|incorrect|article_missing   --q TEXT
  --order newest|oldest     which end comes first (newest by default) / أيّ الطرفين أولًا (الأحدث افتراضيًا)
  --chat ID                 the answers of answer ID's chat / إجابات محادثة الإجابة ID
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

/** A command given wrongly: what is wrong, in English and Arabic, printed above the usage. */
class UsageError extends Error {
  constructor(readonly said: Bilingual) {
    super(said.en);
  }
}

/** A word typed as it is (an option, a file, a setting) inside Arabic: left to right, isolated. */
const ltr = (text: string) => `\u2066${text}\u2069`;

/** After «من» (older than): يوم واحد، يومين، 3–10 أيام، 11–99 يومًا، 100 يوم. */
const AR_DAYS: CountForms = {
  one: 'يوم واحد',
  two: 'يومين',
  few: '# أيام',
  many: '# يومًا',
  other: '# يوم',
};

/**
 * What the command says to the person running it, in English and Arabic (plainText: the English
 * line, then the Arabic). Each English line is worded as it was before Arabic was added, so that a
 * script or a cron log grepping for it still finds it; only a count of one is said in the singular
 * ("purged 1 answer older than 1 day", "exported 1 answer"), so a grep for a count still finds every
 * line with `purged [0-9]+ answer` (and `purged 0 answers`, `purged 5 answers` are as before).
 */
const SAYS = {
  wholeNumber: (name: string, max: number): Bilingual => ({
    en: `--${name} must be a whole number from 1 to ${max}`,
    ar: `يجب أن يكون ${ltr(`--${name}`)} عددًا صحيحًا من 1 إلى ${max}`,
  }),
  giveId: { en: 'Give the answer id, e.g. `show 42`', ar: `اذكر رقم الإجابة، مثل ${ltr('show 42')}` },
  noAnswer: (id: number, file: string): Bilingual => ({
    en: `No answer #${id} in ${file}`,
    ar: `لا توجد إجابة #${id} في ${ltr(file)}`,
  }),
  giveVerdict: (id: number): Bilingual => {
    const verdict = `mark ${id} ${REVIEW_STATES.filter((s) => s !== 'unreviewed').join('|')} --by NAME [--note TEXT]`;
    const takeBack = `mark ${id} unreviewed --by NAME [--note WHY]`;
    return {
      en: `Give the verdict: ${verdict}, or take one back: ${takeBack}`,
      ar: `اذكر الحكم: ${ltr(verdict)}، أو اسحبه: ${ltr(takeBack)}`,
    };
  },
  giveName: {
    en: 'Say who you are: --by NAME (your moderator name)',
    ar: `اذكر من أنت: ${ltr('--by NAME')} (اسمك مشرفًا)`,
  },
  notModerator: (by: string, names: string[]): Bilingual => ({
    en: `"${by}" is not a moderator in REVIEW_MODERATORS (${names.join(', ')})`,
    ar: `«${by}» ليس من المشرفين في ${ltr('REVIEW_MODERATORS')} (${ltr(names.join(', '))})`,
  }),
  unusableName: (by: string): Bilingual => ({
    en: `--by ${JSON.stringify(by)} is not a usable name (${NAME_RULE})`,
    ar:
      `${ltr(`--by ${JSON.stringify(by)}`)} ليس اسمًا صالحًا ` +
      `(حروف وأرقام و${ltr('_ . -')} فقط، ${counted('ar', 64, AR_CHARACTERS)} على الأكثر)`,
  }),
  unchecked: (by: string): Bilingual => ({
    en: `No REVIEW_MODERATORS are set, so "${by}" is recorded as given, unchecked.`,
    ar: `لم يُضبط ${ltr('REVIEW_MODERATORS')}، فسُجّل «${by}» كما أُعطي، دون تحقق.`,
  }),
  alreadyUnreviewed: (id: number): Bilingual => ({
    en: `#${id} is unreviewed already; nothing recorded`,
    ar: `الإجابة #${id} لم تُراجَع أصلًا؛ لم يُسجَّل شيء`,
  }),
  returned: (id: number, by: string, was: ReviewState): Bilingual => ({
    en: `#${id} returned to unreviewed by ${by} (was ${was})`,
    ar: `أعاد ${by} الإجابة #${id} إلى «${STATE_LABEL.unreviewed[1]}» (كان حكمها ${was}: ${STATE_LABEL[was][1]})`,
  }),
  marked: (id: number, state: ReviewState, by: string): Bilingual => ({
    en: `#${id} marked ${state} by ${by}`,
    ar: `حكم ${by} على الإجابة #${id}: ${state} (${STATE_LABEL[state][1]})`,
  }),
  giveFormat: {
    en: 'Give --format csv or --format jsonl',
    ar: `اذكر ${ltr('--format csv')} أو ${ltr('--format jsonl')}`,
  },
  cannotWrite: (file: string, why: string): Bilingual => ({
    en: `Cannot write ${file}: ${why}`,
    ar: `تعذّرت الكتابة في ${ltr(file)}: ${ltr(why)}`,
  }),
  exported: (n: number, file: string | undefined): Bilingual => ({
    en: `exported ${counted('en', n, ANSWERS)}${file ? ` to ${file}` : ''}`,
    ar: `صُدِّرت ${n === 0 ? '0 إجابة' : counted('ar', n, AR_ANSWERS)}${file ? ` إلى ${ltr(file)}` : ''}`,
  }),
  keepForever: {
    en: 'LOG_RETENTION_DAYS is 0 (keep forever); nothing purged. Pass --days N to purge.',
    ar: `قيمة ${ltr('LOG_RETENTION_DAYS')} هي 0 (الاحتفاظ بلا حد)؛ لم يُحذف شيء. مرّر ${ltr('--days N')} للحذف.`,
  },
  purged: (n: number, days: number): Bilingual => ({
    en: `purged ${counted('en', n, ANSWERS)} older than ${counted('en', days, DAYS)}`,
    ar:
      `${n === 0 ? 'لم تُحذف أي إجابة' : `حُذفت ${counted('ar', n, AR_ANSWERS)}`} ` +
      `أقدم من ${counted('ar', days, AR_DAYS)}`,
  }),
  unknownCommand: (command: string): Bilingual => ({
    en: `Unknown command "${command}"`,
    ar: `أمر غير معروف: ${ltr(command)}`,
  }),
  giveCommand: { en: 'Give a command', ar: 'اذكر أمرًا' },
} as const;

/**
 * What node's parseArgs says of an option (in English, naming it), and the same in Arabic by its
 * code: an option this command does not take, one without its value, or a word too many.
 */
function parseArgsError(err: Error & { code?: string }): Bilingual {
  const named = /'([^']+)'/.exec(err.message)?.[1];
  const what = named ? ` ${ltr(named)}` : '';
  const ar =
    err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
      ? `خيار غير معروف${what}`
      : err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
        ? `قيمة الخيار${what} ناقصة أو غير صالحة`
        : err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
          ? `كلمة زائدة${what}`
          : 'لا يمكن قراءة الأوامر كما كُتبت';
  return { en: err.message, ar };
}

const FILTER_OPTIONS = {
  feedback: { type: 'string' },
  abstained: { type: 'string' },
  'max-score': { type: 'string' },
  lang: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  state: { type: 'string' },
  q: { type: 'string' },
  undelivered: { type: 'string' },
  order: { type: 'string' },
  chat: { type: 'string' },
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
    undelivered: values.undelivered as string | undefined,
    order: values.order as string | undefined,
    chat: values.chat as string | undefined,
  });
  if (!parsed.ok) {
    // The option as this command names it; the lines as the page's plain-text answers give them.
    const cli = (text: string) => text.replaceAll('maxScore', 'max-score');
    const detail = { en: cli(parsed.message.en), ar: cli(parsed.message.ar) };
    throw new UsageError(badFilter(detail));
  }
  return parsed.filters;
}

function positiveInt(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new UsageError(SAYS.wholeNumber(name, max));
  }
  return Number(value);
}

function answerIdOf(value: string | undefined): number {
  if (!value || !/^\d{1,15}$/.test(value)) throw new UsageError(SAYS.giveId);
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
    ...(a.feedbackComment === null ? [] : [`${label('The asker said', 'قال السائل')} ${a.feedbackComment}`]),
    ...(a.feedbackWas === null
      ? []
      : [
          `${label('Changed from', 'غُيِّر من')} ${valued(a.feedbackWas, FEEDBACK_LABEL[a.feedbackWas][1])} ${a.feedbackWasAt ?? ''}`.trimEnd(),
        ]),
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
          stderr.write(plainText(SAYS.noAnswer(id, log.file)));
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
          throw new UsageError(SAYS.giveVerdict(id));
        }
        const by = values.by?.trim();
        if (!by) throw new UsageError(SAYS.giveName);
        // The name is who the audit trail says did it; it is not a login (whoever can run this can
        // write the answer log). With REVIEW_MODERATORS set it must be one of them, which catches
        // typos; without, a single maintainer need not set up tokens for a page they do not serve,
        // but the name must still be one REVIEW_MODERATORS could hold, so that it lines up with the
        // page's names later, and no line break or control character enters the trail.
        const moderators = Moderators.parse(config.REVIEW_MODERATORS);
        if (moderators.names().length > 0 && !moderators.has(by)) {
          throw new UsageError(SAYS.notModerator(by, moderators.names()));
        }
        if (!isModeratorName(by)) {
          throw new UsageError(SAYS.unusableName(by));
        }
        if (moderators.names().length === 0) {
          stderr.write(plainText(SAYS.unchecked(by)));
        }
        const answer = log.get(id);
        if (!answer) {
          stderr.write(plainText(SAYS.noAnswer(id, log.file)));
          return 1;
        }
        // Without --note a verdict keeps the answer's note, as the page's form does; --note "" clears
        // it. Taking a verdict back clears it; its --note is the reason, kept in the audit trail.
        const unreview = state === 'unreviewed';
        const note =
          values.note === undefined ? (unreview ? null : answer.reviewNote) : values.note.trim() || null;
        const result = log.setReview(id, by, state as ReviewState, note);
        if (result === 'not-found') {
          stderr.write(plainText(SAYS.noAnswer(id, log.file)));
          return 1;
        }
        if (result === 'unchanged') {
          stdout.write(plainText(SAYS.alreadyUnreviewed(id)));
          return 0;
        }
        stdout.write(
          plainText(
            unreview ? SAYS.returned(id, by, answer.reviewState) : SAYS.marked(id, state as ReviewState, by),
          ),
        );
        return 0;
      }
      case 'export': {
        const { values } = parseArgs({
          args: rest,
          options: { ...FILTER_OPTIONS, format: { type: 'string' }, out: { type: 'string' } },
        });
        const format = values.format;
        if (format !== 'csv' && format !== 'jsonl') throw new UsageError(SAYS.giveFormat);
        const filters = filtersOf(values);
        const queries = new ReviewQueries(log.file);
        const counter = { n: 0 };
        try {
          const chunks = exportChunks(format, countedRows(queries.exportRows(filters), counter));
          if (values.out) {
            try {
              await pipeline(Readable.from(chunks), fs.createWriteStream(values.out));
            } catch (err) {
              stderr.write(plainText(SAYS.cannotWrite(values.out, (err as Error).message)));
              return 1;
            }
          } else {
            await writeAll(stdout, chunks);
          }
        } finally {
          queries.close();
        }
        stderr.write(plainText(SAYS.exported(counter.n, values.out)));
        return 0;
      }
      case 'purge': {
        const { values } = parseArgs({ args: rest, options: { days: { type: 'string' } } });
        const days = positiveInt(values.days, 'days', config.LOG_RETENTION_DAYS, 36_500);
        if (days <= 0) {
          stderr.write(plainText(SAYS.keepForever));
          return 0;
        }
        const n = log.purge(days);
        stdout.write(plainText(SAYS.purged(n, days)));
        return 0;
      }
      case 'help':
      case '--help':
      case '-h':
        stdout.write(CLI_USAGE);
        return 0;
      default:
        throw new UsageError(command ? SAYS.unknownCommand(command) : SAYS.giveCommand);
    }
  } catch (err) {
    const said =
      err instanceof UsageError
        ? err.said
        : (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
          ? parseArgsError(err as Error)
          : null;
    if (said) {
      stderr.write(`${plainText(said)}\n${CLI_USAGE}`);
      return 2;
    }
    // REVIEW_MODERATORS cannot be read: a setting for whoever runs the bot, said as the page says it.
    if (!(err instanceof ReviewConfigError)) throw err;
    stderr.write(`${err.message}\n\n${CLI_USAGE}`);
    return 2;
  }
}
