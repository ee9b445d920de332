import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseScriptArgs } from '../src/cli/args.js';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config.js';
import { AnswerLog, SCHEMA_VERSION } from '../src/log/index.js';
import { searchText } from '../src/log/search-text.js';
import { createReviewServer, type ReviewApp } from '../src/review/index.js';

/**
 * Queue render time over a large answer log: fills a temporary log with N realistic answers, then times
 * the whole HTTP handler (`app.request`) for the first page with no filter and with each single filter,
 * and the exports (whole body read) unfiltered and filtered.
 */

const { values } = parseScriptArgs(
  { options: { answers: { type: 'string', default: '100000' }, runs: { type: 'string', default: '7' } } },
  `Usage: npm run bench:review -- [--answers N] [--runs N]

Fills a temporary answer log with N answers (100000) and times the review queue's first page,
unfiltered and with each filter, over the given number of runs (7).
`,
);
const N = Number(values.answers);
const RUNS = Number(values.runs);
const TARGET_MS = 200;

// A deterministic generator, so every run measures the same log.
let seedState = 42;
const rand = () => {
  seedState = (seedState * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seedState / 2_147_483_648;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

const PLACES_AR = [
  'حقل العمر',
  'حقل كونيكو',
  'الميادين',
  'البوكمال',
  'دير الزور',
  'الشحيل',
  'التنف',
  'الرحبة',
];
const PLACES_EN = [
  'Omar field',
  'Conoco field',
  'Mayadin',
  'Albu Kamal',
  'Deir ez-Zor',
  'Shuhayl',
  'Tanf',
  'Rahba',
];
const Q_AR = [
  (p: string) => `ما القاعدة التي استهدفت بالصواريخ في ${p}؟`,
  (p: string) => `من قصف مستودع الأسلحة قرب ${p}؟`,
  (p: string) => `كم عدد الصواريخ التي سقطت على ${p}؟`,
  (p: string) => `هل وقعت إصابات في الهجوم على ${p}؟`,
  (p: string) => `متى استهدفت طائرة مسيرة مقرا في ${p}؟`,
];
const Q_EN = [
  (p: string) => `Which base was hit by rockets near ${p}?`,
  (p: string) => `Who struck the weapons depot in ${p}?`,
  (p: string) => `How many rockets fell on ${p}?`,
  (p: string) => `Were there casualties in the attack on ${p}?`,
  (p: string) => `When did a drone strike a headquarters in ${p}?`,
];
const PASSAGES = [
  'استهدفت ثمانية صواريخ محيط قاعدة التحالف الدولي المتواجدة بحقل العمر النفطي صباح اليوم، وفق مصادر من التحالف لشبكة دير الزور24 المحلية.',
  'وأفادت شبكة دير الزور 24 بسقوط قتلى وجرحى في صفوف عناصر ميليشيا الحرس الثوري الإيراني جراء غارات جوية للتحالف الدولي استهدفت مستودعًا للأسلحة بالقرب من قلعة الرحبة في مدينة الميادين.',
  'وأفاد مصدر عسكري مقرب من القوات الحكومية أن طيراناً مسيّراً مجهولاً استهدف مقراً للواء فاطميون الأفغاني بأطراف بادية الميادين بريف دير الزور الشرقي.',
  'تعرضت قواعد عسكرية تابعة لقوات التحالف الدولي في حقل العمر النفطي وحقل كونيكو للغاز لهجوم صاروخي مباشر من قبل الميليشيات الإيرانية المنتشرة على الضفة المقابلة لنهر الفرات.',
];

function fill(file: string): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const insertAnswer = db.prepare(`INSERT INTO answers (created_at, chat_type, chat_hash, user_hash, language,
      question, answer_text, abstained, top_score, embedder_id, index_version, latency_ms, feedback, feedback_at,
      review_state, review_note, reviewed_by, reviewed_at, undelivered)
    VALUES (?, 'private', ?, ?, ?, ?, ?, ?, ?, 'e5-small-q8', ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  // The log writes each answer's words to the full-text index itself (AnswerLog.record), not a trigger:
  // without these rows every text search would find nothing, and be timed doing so.
  const insertText = db.prepare('INSERT INTO answers_fts(rowid, question, answer_text) VALUES (?, ?, ?)');
  const insertCitation =
    db.prepare(`INSERT INTO citations (answer_id, n, article_id, score, start, "end", text,
      source, published, published_precision, title, url, also_in)
    VALUES (?, ?, ?, ?, ?, ?, ?, 'دير الزور 24', '2022-01-05', 'day', NULL, NULL, '[]')`);
  const start = Date.UTC(2024, 0, 1);
  const year = 365 * 86_400_000;
  db.transaction(() => {
    for (let i = 0; i < N; i++) {
      const ar = rand() < 0.6;
      const place = Math.floor(rand() * PLACES_AR.length);
      const question = ar ? pick(Q_AR)(PLACES_AR[place] as string) : pick(Q_EN)(PLACES_EN[place] as string);
      const abstained = rand() < 0.12;
      const score = abstained ? rand() * 0.25 : 0.2 + rand() * 0.8;
      const passage = pick(PASSAGES);
      const answer = abstained
        ? ar
          ? 'لا تغطي المقالات المتاحة هذا السؤال.'
          : 'The articles do not cover this question.'
        : ar
          ? `${passage.slice(0, 90)} [1]`
          : `Per the articles: ${PLACES_EN[place]} was targeted [1].`;
      const created = new Date(start + Math.floor((i / N) * year + rand() * 3_600_000)).toISOString();
      const f = rand();
      const feedback = f < 0.1 ? 'down' : f < 0.3 ? 'up' : null;
      const s = rand();
      const state =
        s < 0.85 ? 'unreviewed' : s < 0.93 ? 'correct' : s < 0.97 ? 'incorrect' : 'article_missing';
      // A private chat's hash stands for its person: 5,000 of them, 20 answers each on average.
      const person = `u${Math.floor(rand() * 5000)}`;
      const id = Number(
        insertAnswer.run(
          created,
          person,
          person,
          ar ? 'ar' : 'en',
          question,
          answer,
          abstained ? 1 : 0,
          score,
          `gen-${Math.floor(i / 10_000)}`,
          200 + rand() * 800,
          feedback,
          feedback ? created : null,
          state,
          state === 'unreviewed' ? null : 'checked',
          state === 'unreviewed' ? null : 'alice',
          state === 'unreviewed' ? null : created,
          // About one answer in a hundred is refused by Telegram (a person who blocked the bot).
          rand() < 0.01 ? '1 of 1 messages sent, then: Forbidden: bot was blocked by the user' : null,
        ).lastInsertRowid,
      );
      insertText.run(id, searchText(question), searchText(answer));
      if (!abstained) {
        const n = 1 + Math.floor(rand() * 3);
        for (let k = 1; k <= n; k++) {
          insertCitation.run(
            id,
            k,
            `art-${Math.floor(rand() * 2000)}`,
            score - k * 0.01,
            100,
            100 + passage.length,
            passage,
          );
        }
      }
    }
  })();
  db.close();
}

async function sessionCookie(app: ReviewApp, name: string, token: string): Promise<string> {
  const page = await app.request('/login');
  const csrf = /review_login_csrf=([^;]+)/.exec(page.headers.getSetCookie().join('\n'))?.[1] ?? '';
  const res = await app.request('/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `review_login_csrf=${csrf}` },
    body: new URLSearchParams({ _csrf: csrf, name, token }).toString(),
  });
  const session = /review_session=([^;]+)/.exec(res.headers.getSetCookie().join('\n'))?.[1];
  if (!session) throw new Error(`login failed (${res.status})`);
  return `review_session=${session}`;
}

/** Each case with the query; every one but the last text search lists a full first page. */
const CASES: [string, string][] = [
  ['no filter', ''],
  ['feedback=down', 'feedback=down'],
  ['feedback=up', 'feedback=up'],
  ['feedback=none', 'feedback=none'],
  ['abstained=1', 'abstained=1'],
  ['abstained=0', 'abstained=0'],
  ['maxScore=0.3', 'maxScore=0.3'],
  ['maxScore=0.005 (rare)', 'maxScore=0.005'],
  ['lang=ar', 'lang=ar'],
  ['lang=en', 'lang=en'],
  ['from (last month)', 'from=2024-12-01'],
  ['to (first month)', 'to=2024-01-31'],
  ['from+to (one week)', 'from=2024-06-01&to=2024-06-07'],
  ['state=unreviewed', 'state=unreviewed'],
  ['state=correct', 'state=correct'],
  ['state=incorrect', 'state=incorrect'],
  ['state=article_missing', 'state=article_missing'],
  ['undelivered=1 (rare)', 'undelivered=1'],
  ['undelivered=0', 'undelivered=0'],
  ['q=صواريخ (common)', `q=${encodeURIComponent('صواريخ')}`],
  ['q=rockets (common)', 'q=rockets'],
  ['q=Tanf (rarer)', 'q=Tanf'],
  ['q=nothing', 'q=zzzz'],
  ['no filter, page 1000 (deep)', 'page=1000'],
  ['state=unreviewed, page 1000', 'state=unreviewed&page=1000'],
  // The pager's "Oldest" link: the other end of the queue, as the first page of the other order.
  ['oldest first', 'order=oldest'],
  ['oldest first, feedback=down', 'feedback=down&order=oldest'],
  ['oldest first, state=unreviewed', 'state=unreviewed&order=oldest'],
  ['oldest first, lang=ar', 'lang=ar&order=oldest'],
  ['oldest first, maxScore=0.005 (rare)', 'maxScore=0.005&order=oldest'],
  ['oldest first, undelivered=1 (rare)', 'undelivered=1&order=oldest'],
  ['oldest first, q=صواريخ (common)', `q=${encodeURIComponent('صواريخ')}&order=oldest`],
  ['oldest first, q=Tanf (rarer)', 'q=Tanf&order=oldest'],
  // "This chat's answers, oldest first" from an answer's page: about 20 of 100,000.
  ['chat of #50000, oldest first', 'chat=50000&order=oldest'],
  ['chat of #50000', 'chat=50000'],
];

const EXPORTS: [string, string][] = [
  ['CSV, everything', '/export.csv'],
  ['JSONL, everything', '/export.jsonl'],
  ['CSV, feedback=down', '/export.csv?feedback=down'],
  ['CSV, q=rockets', '/export.csv?q=rockets'],
];

/** Records of a CSV export (its header left out), counting line breaks outside quoted cells. */
function countCsvRows(text: string): number {
  let quoted = false;
  let rows = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) quoted = !quoted;
    else if (ch === 10 && !quoted) rows++;
  }
  return rows - 1;
}

async function main(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-review-'));
  try {
    const config = loadConfig({ STATE_DIR: dir, REVIEW_MODERATORS: 'alice:bench-token-123' });
    const filled = AnswerLog.fromConfig(config);
    let t = performance.now();
    fill(filled.file);
    console.log(`filled ${N} answers in ${((performance.now() - t) / 1000).toFixed(1)} s (${filled.file})`);
    // What opening a log of schema 13 costs once: migration 14 writes the full-text index again for
    // every answer (searchText's hamza spellings and proclitics), 15 adds an index.
    filled.close();
    const before = new Database(config.LOG_DB);
    // As schema 13 had it: without v15's index.
    before.exec('DROP INDEX answers_undelivered_created');
    before.pragma('user_version = 13');
    // The last page of the rare filter reads every answer to fill it.
    const undelivered = (
      before.prepare('SELECT count(*) AS n FROM answers WHERE undelivered IS NOT NULL').get() as { n: number }
    ).n;
    const lastPage = Math.max(1, Math.ceil(undelivered / 50));
    CASES.push([`undelivered=1, last page (${lastPage})`, `undelivered=1&page=${lastPage}`]);
    before.close();
    t = performance.now();
    const log = AnswerLog.fromConfig(config);
    console.log(
      `opened it as schema 13: migrated to ${SCHEMA_VERSION} in ` +
        `${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    const app = createReviewServer({ log, config });
    const cookie = await sessionCookie(app, 'alice', 'bench-token-123');
    const cpus = os.cpus();
    console.log(
      `machine: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, Node ${process.version}, ${RUNS} runs per case\n`,
    );
    console.log('| queue page (filter) | rows | p50 ms | max ms |');
    console.log('| --- | ---: | ---: | ---: |');
    let worst = 0;
    for (const [label, query] of CASES) {
      const times: number[] = [];
      let rows = 0;
      for (let r = 0; r <= RUNS; r++) {
        t = performance.now();
        const res = await app.request(`/${query ? `?${query}` : ''}`, { headers: { cookie } });
        const body = await res.text();
        const ms = performance.now() - t;
        if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status}`);
        rows = (body.match(/<td><a href="\/answers\//g) ?? []).length;
        if (r > 0) times.push(ms); // the first run prepares statements and warms the cache
      }
      // A case that lists nothing times nothing: say so rather than report it as fast.
      if (rows === 0 && query !== 'q=zzzz') throw new Error(`${label}: no rows listed`);
      times.sort((a, b) => a - b);
      const p50 = times[Math.floor(times.length / 2)] ?? 0;
      const max = times[times.length - 1] ?? 0;
      worst = Math.max(worst, max);
      console.log(`| ${label} | ${rows} | ${p50.toFixed(1)} | ${max.toFixed(1)} |`);
    }
    const ok = worst <= TARGET_MS;
    console.log(`\nall first pages ≤ ${TARGET_MS} ms: ${ok ? 'yes' : 'NO'} (worst ${worst.toFixed(1)} ms)`);
    console.log('\n| export (whole body read) | answers | MB | s |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const [label, path] of EXPORTS) {
      t = performance.now();
      const res = await app.request(path, { headers: { cookie } });
      const body = await res.text();
      const s = (performance.now() - t) / 1000;
      if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status}`);
      const lines = body.split('\n').filter((l) => l.startsWith(path.includes('csv') ? '' : '{')).length;
      const answers = path.includes('csv') ? countCsvRows(body) : lines;
      const mb = Buffer.byteLength(body) / 1_048_576;
      console.log(`| ${label} | ${answers} | ${mb.toFixed(1)} | ${s.toFixed(2)} |`);
    }
    app.close();
    log.close();
    return ok ? 0 : 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
