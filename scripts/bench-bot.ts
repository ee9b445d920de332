/**
 * Bot load benchmark: 50 simulated people ask 5 questions each, concurrently, through
 * `bot.handleUpdate` with an API transformer standing in for Telegram. Checks that every person
 * gets exactly one answer per question, in their own chat, and that it is the answer to their own
 * question (the same text the bot sends when that question is asked alone), and prints p50/p95/max
 * time from update received to reply sent.
 *
 *   npm run bench:bot -- [--people 50] [--questions 5] [--fake]
 *
 * By default it answers from the real seed index (INDEX_DIR, built on first use), warmed up first;
 * --fake uses a stand-in core that takes 5 ms per answer, to measure the bot alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseScriptArgs } from '../src/cli/args.js';
import type { Update } from 'grammy/types';
import type { QA } from '../src/answer/types.js';
import { createBot, type Logger } from '../src/bot/index.js';
import { loadConfig } from '../src/config.js';
import { AnswerLog } from '../src/log/index.js';
import { AnswerThread, openAnswering } from '../src/answer/thread.js';
import { createFakeQA } from '../test/bot/fake-qa.js';

// Used when ../shared is not beside the project.
const FALLBACK_QUESTIONS = [
  'Was the al-Omar base attacked?',
  'هل تعرضت قاعدة حقل العمر لهجوم؟',
  'What did strikes hit near Mayadin?',
  'ماذا استهدفت الغارات قرب الميادين؟',
  'What did the drone strike hit?',
  'ماذا استهدف الطيران المسير؟',
  'Who won the football cup?',
  'من فاز بكأس كرة القدم؟',
];

function questionPool(): string[] {
  const file = '../shared/eval/seed-qa.dev.jsonl';
  if (!fs.existsSync(file)) return FALLBACK_QUESTIONS;
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { question: string }).question);
}

export interface BenchResult {
  updates: number;
  replies: number;
  problems: string[];
  latencies: number[];
  /** Main thread's busy time per update while everyone asks: the queue of people waits on it. */
  busyMsPerUpdate: number;
  /** The answering thread's, when answers are made on one (ANSWER_THREAD). */
  answerBusyMsPerUpdate?: number;
}

const BOT_INFO = {
  id: 1,
  is_bot: true,
  first_name: 'Bench',
  username: 'BenchBot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
} as never;

interface Reply {
  text: string;
  replyTo: number;
  at: number;
}

/** Runs the benchmark with its answer log in a temporary folder, removed however the run ends. */
export async function benchBot(qa: QA, pool: string[], people = 50, perPerson = 5): Promise<BenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-bot-'));
  try {
    return await benchBotIn(dir, qa, pool, people, perPerson);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function benchBotIn(
  dir: string,
  qa: QA,
  pool: string[],
  people: number,
  perPerson: number,
): Promise<BenchResult> {
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: '123456:BENCH',
    STATE_DIR: dir,
    RATE_LIMIT_PER_MINUTE: String(perPerson * 2),
  });
  const log = AnswerLog.fromConfig(config);
  const quiet: Logger = { info() {}, warn() {}, error: (m, f) => console.error(m, f) };
  const bot = createBot({ qa, log, config, logger: quiet, botInfo: BOT_INFO });
  const replies = new Map<number, Reply[]>();
  let messageId = 0;
  bot.api.config.use(async (_prev, method, payload) => {
    const p = payload as { chat_id: number; text: string; reply_parameters?: { message_id: number } };
    if (method === 'sendMessage') {
      const list = replies.get(p.chat_id) ?? [];
      list.push({ text: p.text, replyTo: p.reply_parameters?.message_id ?? -1, at: performance.now() });
      replies.set(p.chat_id, list);
      return {
        ok: true,
        result: { message_id: ++messageId, date: 0, chat: { id: p.chat_id, type: 'private' }, text: p.text },
      } as never;
    }
    return { ok: true, result: true } as never;
  });

  let updateId = 0;
  const received = new Map<string, number>(); // `${chat}:${message}` → time the update arrived
  const asked = new Map<string, string>();
  const ask = async (chat: number, msgId: number, question: string) => {
    const update: Update = {
      update_id: ++updateId,
      message: {
        message_id: msgId,
        date: 0,
        chat: { id: chat, type: 'private', first_name: `P${chat}` },
        from: { id: chat, is_bot: false, first_name: `P${chat}`, language_code: 'en' },
        text: question,
      },
    };
    received.set(`${chat}:${msgId}`, performance.now());
    asked.set(`${chat}:${msgId}`, question);
    await bot.handleUpdate(update);
  };

  // Reference: each question asked alone (this also warms the core up).
  const expected = new Map<string, string>();
  for (const [i, question] of pool.entries()) {
    const chat = 1_000_000 + i;
    await ask(chat, 1, question);
    expected.set(question, (replies.get(chat) ?? []).map((r) => r.text).join('\n'));
  }
  const reference = updateId;

  // Each person asks their questions one after another; all people at once.
  const person = async (id: number) => {
    for (let q = 0; q < perPerson; q++) await ask(id, q + 1, pool[(id * 7 + q * 3) % pool.length]!);
  };
  const loop = performance.eventLoopUtilization();
  const thread = qa instanceof AnswerThread ? qa : undefined;
  const threadLoop = thread?.eventLoopUtilization();
  await Promise.all(Array.from({ length: people }, (_, i) => person(i + 1)));
  const busy = performance.eventLoopUtilization(loop).active;
  const threadBusy = threadLoop && thread?.eventLoopUtilization(threadLoop)?.active;

  const problems: string[] = [];
  const latencies: number[] = [];
  let total = 0;
  for (let id = 1; id <= people; id++) {
    const got = replies.get(id) ?? [];
    const byMessage = new Map<number, Reply[]>();
    for (const r of got) byMessage.set(r.replyTo, [...(byMessage.get(r.replyTo) ?? []), r]);
    for (let q = 1; q <= perPerson; q++) {
      const key = `${id}:${q}`;
      const parts = byMessage.get(q) ?? [];
      byMessage.delete(q);
      const question = asked.get(key)!;
      if (parts.length === 0) {
        problems.push(`person ${id}: no answer to “${question}”`);
        continue;
      }
      total++;
      if (parts.map((r) => r.text).join('\n') !== expected.get(question)) {
        problems.push(`person ${id}: the answer to “${question}” differs from its answer when asked alone`);
      }
      latencies.push(parts.at(-1)!.at - received.get(key)!);
    }
    for (const [m] of byMessage) problems.push(`person ${id}: reply to unknown message ${m}`);
  }
  log.close();
  const updates = updateId - reference;
  return {
    updates,
    replies: total,
    problems,
    latencies,
    busyMsPerUpdate: busy / updates,
    ...(threadBusy === undefined ? {} : { answerBusyMsPerUpdate: threadBusy / updates }),
  };
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function main() {
  const { values } = parseScriptArgs(
    {
      options: {
        people: { type: 'string', default: '50' },
        questions: { type: 'string', default: '5' },
        fake: { type: 'boolean', default: false },
        'delay-ms': { type: 'string', default: '5' },
      },
    },
    `Usage: npm run bench:bot -- [--people N] [--questions N] [--fake [--delay-ms N]]

Sends N people's questions (50 × 5) through the bot at once, as Telegram updates, and reports the
latency from update to reply. --fake answers with a stand-in core that waits --delay-ms (5).
`,
  );
  const qa: QA = values.fake
    ? createFakeQA({ delayMs: Number(values['delay-ms']) })
    : await openAnswering(loadConfig(), { onProgress: (l) => console.error(l) });
  const pool = values.fake ? FALLBACK_QUESTIONS : questionPool();
  const r = await benchBot(qa, pool, Number(values.people), Number(values.questions));
  const sorted = [...r.latencies].sort((a, b) => a - b);
  console.log(
    `${values.fake ? 'fake core' : `index ${qa.info().indexVersion} (${qa.info().articles} articles)`}: ` +
      `${r.updates} updates, ${r.replies} answered, ${r.problems.length} problems`,
  );
  for (const p of r.problems.slice(0, 20)) console.log(`  ${p}`);
  console.log(
    `latency update→reply: p50 ${pct(sorted, 50).toFixed(1)} ms, p95 ${pct(sorted, 95).toFixed(1)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(1)} ms`,
  );
  console.log(
    `main thread busy ${r.busyMsPerUpdate.toFixed(2)} ms per update` +
      (r.answerBusyMsPerUpdate === undefined
        ? ''
        : `, answering thread ${r.answerBusyMsPerUpdate.toFixed(2)} ms`),
  );
  const ok = r.problems.length === 0 && pct(sorted, 95) <= 300;
  console.log(ok ? 'OK' : 'FAILED (target: no problems, p95 ≤ 300 ms)');
  await qa.close();
  process.exitCode = ok ? 0 : 1;
}

await main();
