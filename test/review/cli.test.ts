import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { runReviewCli, type Output } from '../../src/review/index.js';
import { PASSAGE_AR, entry, fixture, parseCsv, seed, type Fixture } from './helpers.js';

function collector(): Output & { text: string } {
  const out = {
    text: '',
    write(chunk: string) {
      out.text += chunk;
      return true;
    },
  };
  return out;
}

describe('review command line', () => {
  let fx: Fixture;
  let stdout: ReturnType<typeof collector>;
  let stderr: ReturnType<typeof collector>;
  const run = (...argv: string[]) => runReviewCli(argv, { log: fx.log, config: fx.config, stdout, stderr });

  beforeEach(() => {
    fx = fixture({ LOG_RETENTION_DAYS: '7' });
    seed(fx.log);
    stdout = collector();
    stderr = collector();
  });
  afterEach(() => fx.cleanup());

  const listed = () => [...stdout.text.matchAll(/^#(\d+)/gm)].map((m) => Number(m[1]));

  it('lists answers newest first, with filters and a limit', async () => {
    assert.equal(await run('list'), 0);
    assert.deepEqual(listed(), [5, 4, 3, 2, 1]);
    assert.match(stdout.text, /#2 .*ar {2}👎 .*score 0\.350 {2}unreviewed .*ما القاعدة/);
    stdout.text = '';
    assert.equal(await run('list', '--feedback', 'down', '--lang', 'ar'), 0);
    assert.deepEqual(listed(), [2]);
    stdout.text = '';
    assert.equal(await run('list', '--state', 'correct'), 0);
    assert.match(stdout.text, /correct \(bob\)/);
    stdout.text = '';
    assert.equal(await run('list', '--max-score', '0.4', '--limit', '2'), 0);
    assert.deepEqual(listed(), [5, 3]);
    assert.match(stderr.text, /more: --page 2/);
    stdout.text = '';
    assert.equal(await run('list', '--q', 'rockets'), 0);
    assert.deepEqual(listed(), [1]);
  });

  it('lists one chat’s answers with --chat, by one of its answers', async () => {
    fx.log.record(entry(fx.log, { chatHash: fx.log.hashChat(2), question: 'another chat' }));
    assert.equal(await run('list', '--chat', '6'), 0);
    assert.deepEqual(listed(), [6]);
    stdout.text = '';
    assert.equal(await run('list', '--chat', '2', '--order', 'oldest'), 0);
    assert.deepEqual(listed(), [1, 2, 3, 4, 5]);
  });

  it('lists and exports the oldest answers first with --order oldest', async () => {
    assert.equal(await run('list', '--order', 'oldest', '--limit', '2'), 0);
    assert.deepEqual(listed(), [1, 2]);
    assert.match(stderr.text, /more: --page 2/);
    stdout.text = '';
    assert.equal(await run('list', '--order', 'oldest', '--limit', '2', '--page', '3'), 0);
    assert.deepEqual(listed(), [5]);
    stdout.text = '';
    assert.equal(await run('export', '--format', 'jsonl', '--order', 'oldest', '--lang', 'ar'), 0);
    assert.deepEqual(
      stdout.text
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as { id: number }).id),
      [2, 4],
    );
    stderr.text = '';
    assert.equal(await run('list', '--order', 'last'), 2);
    assert.match(stderr.text, /order: must be newest or oldest/);
  });

  it('lines up the columns of answers with and without a score or a rating', async () => {
    assert.equal(await run('list'), 0);
    const at = stdout.text
      .trimEnd()
      .split('\n')
      .map((line) => line.search(/(unreviewed|correct|incorrect)/));
    // #5 has no score ("score —"); #4 and #5 no rating ("·"), the others 👎 or 👍, each as wide as
    // a terminal shows them (two columns, and two UTF-16 units, as "· " is).
    assert.match(stdout.text, /^#5 .*score — /m);
    assert.equal(new Set(at).size, 1, stdout.text);
    // And an answer Telegram did not deliver.
    fx.log.markUndelivered(2, 'Forbidden: bot was blocked by the user');
    stdout.text = '';
    assert.equal(await run('list'), 0);
    assert.match(stdout.text, /^#2 .* undelivered /m);
    assert.equal(
      new Set(
        stdout.text
          .trimEnd()
          .split('\n')
          .map((l) => l.indexOf('score')),
      ).size,
      1,
    );
  });

  it('lists an answer Telegram refused as undelivered, leaving the other lines as they were', async () => {
    assert.equal(await run('list'), 0);
    const before = stdout.text.split('\n');
    fx.log.markUndelivered(2, 'Forbidden: bot was blocked by the user');
    fx.log.markUndelivered(3, 'Forbidden: bot was kicked from the group chat');
    stdout.text = '';
    assert.equal(await run('list'), 0);
    const after = stdout.text.split('\n');
    assert.match(after[3] ?? '', /^#2 .*👎 {2}undelivered {2}score 0\.350 /);
    assert.match(after[2] ?? '', /^#3 .*👎 {2}abstained,undelivered {2}score 0\.050 /);
    assert.deepEqual(
      after.filter((_, i) => i !== 2 && i !== 3),
      before.filter((_, i) => i !== 2 && i !== 3),
    );
  });

  it('lists and exports the answers Telegram did not deliver, or those it did', async () => {
    fx.log.markUndelivered(2, 'Forbidden: bot was blocked by the user');
    assert.equal(await run('list', '--undelivered', '1'), 0);
    assert.deepEqual(listed(), [2]);
    stdout.text = '';
    assert.equal(await run('list', '--undelivered', '0'), 0);
    assert.deepEqual(listed(), [5, 4, 3, 1]);
    stdout.text = '';
    assert.equal(await run('export', '--format', 'jsonl', '--undelivered', '1'), 0);
    assert.deepEqual(
      stdout.text
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as { id: number }).id),
      [2],
    );
    stderr.text = '';
    assert.equal(await run('list', '--undelivered', 'yes'), 2);
    assert.ok(stderr.text.startsWith('Bad filter: undelivered: must be 1 or 0\n'), stderr.text);
    assert.match(stderr.text, /--undelivered 1\|0/);
  });

  it('rejects bad filters and options with exit code 2 and the usage', async () => {
    assert.equal(await run('list', '--feedback', 'sideways'), 2);
    assert.match(stderr.text, /Bad filter: feedback/);
    assert.match(stderr.text, /Usage \/ طريقة الاستخدام:/);
    // In Arabic too, on the next line, as the page says it.
    assert.ok(
      stderr.text.startsWith(
        'Bad filter: feedback: must be down, up or none\n' +
          'عامل تصفية غير صالح: \u2066feedback\u2069: يجب أن تكون \u2066down\u2069 أو \u2066up\u2069 أو \u2066none\u2069\n\n',
      ),
      stderr.text,
    );
    stderr.text = '';
    assert.equal(await run('list', '--max-score', 'low'), 2);
    // The option named as this command names it, in both languages.
    assert.ok(
      stderr.text.startsWith(
        'Bad filter: max-score: must be a number from 0 to 1000\n' +
          'عامل تصفية غير صالح: \u2066max-score\u2069: يجب أن تكون عددًا من 0 إلى 1000\n',
      ),
      stderr.text,
    );
    assert.equal(await run('list', '--limit', '0'), 2);
    assert.equal(await run('list', '--colour'), 2);
    assert.equal(await run('frobnicate'), 2);
    assert.equal(await run(), 2);
  });

  it('shows one answer in full: answer as sent, citations, audit trail', async () => {
    assert.equal(await run('show', '4'), 0);
    assert.match(stdout.text, /^Answer \/ الإجابة: #4\nTime \/ الوقت: 2024-06-04T10:00:00\.000Z\n/);
    assert.match(
      stdout.text,
      /Read as a follow-up of \/ قُرئ متابعةً لسؤال:\nماذا حدث في الميادين؟\n\nAnswer as sent \/ الإجابة كما أُرسلت:\nغارات جوية للتحالف الدولي \[1\]\./,
    );
    assert.match(stdout.text, /Citations \/ الاستشهادات:\n\n\[1\] gone-article @10-35/);
    assert.match(
      stdout.text,
      /Audit trail \/ سجل المراجعات:\n {2}2024-06-10T12:00:00\.000Z {2}bob {2}unreviewed \(لم تُراجَع\) → incorrect \(خاطئة\) {2}— wrong base/,
    );
    assert.equal(await run('show', '3'), 0);
    assert.match(
      stdout.text,
      /Set aside \(not shown: it abstained\) \/ مقاطع استبعدها \(لم تُعرض: امتنع عن الإجابة\):\n\n\[1\] 001_ac5e62f6193e386d/,
    );
    // A question sent on behalf of a chat says so: its rating is an admin's, not necessarily the asker's.
    assert.doesNotMatch(stdout.text, /Asked as/);
    const group = fx.log.hashChat(-100777);
    fx.log.record(entry(fx.log, { chatType: 'supergroup', chatHash: group, askerChatHash: group }));
    assert.equal(await run('show', '6'), 0);
    assert.match(
      stdout.text,
      /\nAsked as \/ طُرح باسم: the group itself \(an anonymous admin\); its admins rate the answer \/ المجموعة نفسها/,
    );
    assert.equal(await run('show', '99'), 1);
    assert.match(stderr.text, /No answer #99/);
    assert.equal(await run('show'), 2);
  });

  it('labels what it shows in English and Arabic, values as the command takes them', async () => {
    fx.log.markUndelivered(4, 'Forbidden: bot was blocked by the user');
    assert.equal(await run('show', '4'), 0);
    const fields = Object.fromEntries(
      stdout.text
        .split('\n\n')[0]!
        .split('\n')
        .map((line) => /^(.+?): (.*)$/.exec(line)!.slice(1, 3) as [string, string]),
    );
    assert.deepEqual(fields, {
      'Answer / الإجابة': '#4',
      'Time / الوقت': '2024-06-04T10:00:00.000Z',
      'Language / اللغة': 'ar (العربية)',
      'Chat / المحادثة': 'private (محادثة خاصة)',
      'Not delivered, Telegram refused it / لم تُسلَّم، رفضها تيليغرام':
        'Forbidden: bot was blocked by the user',
      'Feedback / التقييم': 'none (بلا تقييم)',
      'Abstained / امتنع': 'no (لا)',
      'Top score / أعلى درجة': '0.600',
      'Embedder / نموذج التضمين': 'lexical-384',
      'Index version / إصدار الفهرس': 'gen-20240101',
      'Latency / زمن الاستجابة': '42.5 ms',
      'Review / المراجعة': 'incorrect (خاطئة) — bob, 2024-06-10T12:00:00.000Z',
      'Note / ملاحظة': 'wrong base',
    });
    stdout.text = '';
    assert.equal(await run('show', '2'), 0);
    assert.match(stdout.text, /\nFeedback \/ التقييم: down \(سلبي\) /);
    assert.match(stdout.text, /\nReview \/ المراجعة: unreviewed \(لم تُراجَع\)\n/);
    assert.doesNotMatch(stdout.text, /Changed from/, 'rated once');
    fx.clock.now = new Date('2024-06-10T12:30:00.000Z');
    fx.log.setFeedback(2, fx.log.hashUser(1), 'up');
    stdout.text = '';
    assert.equal(await run('show', '2'), 0);
    assert.match(
      stdout.text,
      /\nFeedback \/ التقييم: up \(إيجابي\) 2024-06-10T12:30:00\.000Z\nChanged from \/ غُيِّر من: down \(سلبي\) 2024-06-10T12:00:00\.000Z\n/,
    );
  });

  it('says how many it listed in both languages, on stderr, the lines on stdout unchanged', async () => {
    assert.equal(await run('list', '--limit', '2'), 0);
    assert.equal(stderr.text, '2 answers (more: --page 2)\nإجابتان (المزيد: \u2066--page 2\u2069)\n');
    assert.deepEqual(listed(), [5, 4]);
    stderr.text = '';
    assert.equal(await run('list', '--q', 'rockets'), 0);
    assert.equal(stderr.text, '1 answer\nإجابة واحدة\n');
    stderr.text = '';
    assert.equal(await run('list', '--lang', 'ar', '--limit', '20'), 0);
    assert.equal(stderr.text, '2 answers\nإجابتان\n');
    stderr.text = '';
    stdout.text = '';
    assert.equal(await run('list', '--q', 'zzzz'), 0);
    assert.equal(stdout.text, '');
    assert.equal(stderr.text, 'No answers match.\nلا توجد إجابات مطابقة.\n');
  });

  it('marks an answer with the moderator’s name and a note, kept in the audit trail', async () => {
    assert.equal(await run('mark', '2', 'article_missing', '--by', 'alice', '--note', 'no article'), 0);
    assert.match(stdout.text, /#2 marked article_missing by alice/);
    const a = fx.log.get(2);
    assert.equal(a?.reviewState, 'article_missing');
    assert.equal(a?.reviewNote, 'no article');
    assert.deepEqual(
      fx.log.reviewEvents(2).map((e) => [e.moderator, e.fromState, e.toState, e.note]),
      [['alice', 'unreviewed', 'article_missing', 'no article']],
    );
    // A new verdict without --note keeps the note; --note "" clears it.
    assert.equal(await run('mark', '2', 'incorrect', '--by', 'alice'), 0);
    assert.equal(fx.log.get(2)?.reviewNote, 'no article');
    assert.equal(await run('mark', '2', 'incorrect', '--by', 'alice', '--note', ''), 0);
    assert.equal(fx.log.get(2)?.reviewNote, null);
  });

  it('takes a verdict given by mistake back to unreviewed, with the reason in the audit trail', async () => {
    // #4 was marked incorrect by bob, with the note "wrong base".
    assert.equal(await run('mark', '4', 'unreviewed', '--by', 'alice', '--note', 'bob meant #2'), 0);
    assert.match(stdout.text, /#4 returned to unreviewed by alice \(was incorrect\)/);
    const a = fx.log.get(4);
    assert.equal(a?.reviewState, 'unreviewed');
    assert.equal(a?.reviewNote, null, 'the verdict’s note goes with it');
    assert.equal(a?.reviewedBy, null);
    assert.deepEqual(
      fx.log.reviewEvents(4).map((e) => [e.moderator, e.fromState, e.toState, e.note]),
      [
        ['bob', 'unreviewed', 'incorrect', 'wrong base'],
        ['alice', 'incorrect', 'unreviewed', 'bob meant #2'],
      ],
    );
    // Without --note the reason is empty: the old verdict's note is not copied into it.
    assert.equal(await run('mark', '1', 'unreviewed', '--by', 'alice'), 0);
    assert.equal(fx.log.reviewEvents(1).at(-1)?.note, null);
    // An answer with no verdict: nothing to take back, nothing recorded.
    stdout.text = '';
    assert.equal(await run('mark', '2', 'unreviewed', '--by', 'alice'), 0);
    assert.match(stdout.text, /#2 is unreviewed already; nothing recorded/);
    assert.deepEqual(fx.log.reviewEvents(2), []);
    stdout.text = '';
    assert.equal(await run('list', '--state', 'unreviewed'), 0);
    assert.deepEqual(listed(), [5, 4, 3, 2, 1]);
  });

  it('refuses a mark without a name, by a non-moderator, with a bad state, or for a missing answer', async () => {
    assert.equal(await run('mark', '2', 'incorrect'), 2);
    assert.match(stderr.text, /--by NAME/);
    assert.equal(await run('mark', '2', 'incorrect', '--by', 'mallory'), 2);
    assert.match(stderr.text, /not a moderator in REVIEW_MODERATORS \(alice, bob\)/);
    assert.equal(await run('mark', '2', 'done', '--by', 'alice'), 2);
    assert.match(stderr.text, /mark 2 unreviewed --by NAME/);
    assert.equal(await run('mark', '99', 'correct', '--by', 'alice'), 1);
    assert.equal(fx.log.get(2)?.reviewState, 'unreviewed');
    assert.deepEqual(fx.log.reviewEvents(2), []);
  });

  it('without REVIEW_MODERATORS takes any usable --by name, trimmed, and says it is unchecked', async () => {
    const solo = fixture({ REVIEW_MODERATORS: '' });
    seed(solo.log);
    const mark = (by: string) =>
      runReviewCli(['mark', '2', 'correct', '--by', by], {
        log: solo.log,
        config: solo.config,
        stdout,
        stderr,
      });
    try {
      assert.equal(await mark('  maintainer.1  '), 0);
      assert.match(
        stderr.text,
        /No REVIEW_MODERATORS are set, so "maintainer\.1" is recorded as given, unchecked/,
      );
      assert.equal(solo.log.get(2)?.reviewedBy, 'maintainer.1');
      for (const bad of ['   ', 'two words', 'line\nbreak', 'tab\there', 'x'.repeat(65), '=cmd|calc']) {
        stderr.text = '';
        assert.equal(await mark(bad), 2, JSON.stringify(bad));
        assert.match(stderr.text, /--by NAME|not a usable name/, JSON.stringify(bad));
      }
      assert.deepEqual(
        solo.log.reviewEvents(2).map((e) => e.moderator),
        ['maintainer.1'],
      );
    } finally {
      solo.cleanup();
    }
  });

  it('exports a filtered view as CSV to a file and as JSONL to stdout', async () => {
    const file = path.join(fx.dir, 'out.csv');
    assert.equal(await run('export', '--format', 'csv', '--feedback', 'down', '--out', file), 0);
    assert.match(stderr.text, /exported 2 answers to .*out\.csv/);
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.startsWith('\uFEFF'));
    const [header = [], ...rows] = parseCsv(text.slice(1));
    assert.deepEqual(
      rows.map((r) => r[header.indexOf('id')]),
      ['3', '2'],
    );

    assert.equal(await run('export', '--format', 'jsonl', '--lang', 'ar'), 0);
    const lines = stdout.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: number; citations: { text: string }[] });
    assert.deepEqual(
      lines.map((l) => l.id),
      [4, 2],
    );
    assert.equal(lines[1]?.citations[0]?.text, PASSAGE_AR);
    assert.equal(await run('export', '--format', 'xml'), 2);
    // A folder that does not exist: a message naming the file, exit 1, no crash.
    const nowhere = path.join(fx.dir, 'missing', 'x.csv');
    assert.equal(await run('export', '--format', 'csv', '--out', nowhere), 1);
    assert.match(stderr.text, /Cannot write .*missing.*x\.csv: ENOENT/);
  });

  it('says what mark, purge and export did in Arabic too, the English line as it was', async () => {
    assert.equal(await run('mark', '2', 'article_missing', '--by', 'alice'), 0);
    assert.equal(
      stdout.text,
      '#2 marked article_missing by alice\nحكم alice على الإجابة #2: article_missing (المقال غير موجود)\n',
    );
    stdout.text = '';
    assert.equal(await run('mark', '2', 'unreviewed', '--by', 'bob'), 0);
    assert.equal(
      stdout.text,
      '#2 returned to unreviewed by bob (was article_missing)\n' +
        'أعاد bob الإجابة #2 إلى «لم تُراجَع» (كان حكمها article_missing: المقال غير موجود)\n',
    );
    stdout.text = '';
    assert.equal(await run('mark', '2', 'unreviewed', '--by', 'bob'), 0);
    assert.equal(
      stdout.text,
      '#2 is unreviewed already; nothing recorded\nالإجابة #2 لم تُراجَع أصلًا؛ لم يُسجَّل شيء\n',
    );
    assert.equal(await run('mark', '99', 'correct', '--by', 'bob'), 1);
    assert.equal(
      stderr.text,
      `No answer #99 in ${fx.log.file}\nلا توجد إجابة #99 في \u2066${fx.log.file}\u2069\n`,
    );
    stderr.text = '';
    assert.equal(
      await run('export', '--format', 'csv', '--lang', 'ar', '--out', path.join(fx.dir, 'x.csv')),
      0,
    );
    assert.match(stderr.text, /^exported 2 answers to .*x\.csv\nصُدِّرت إجابتان إلى \u2066.*x\.csv\u2069\n$/);
    stdout.text = '';
    assert.equal(await run('purge', '--days', '9'), 0);
    assert.equal(stdout.text, 'purged 1 answer older than 9 days\nحُذفت إجابة واحدة أقدم من 9 أيام\n');
    stdout.text = '';
    assert.equal(await run('purge', '--days', '100'), 0);
    assert.equal(stdout.text, 'purged 0 answers older than 100 days\nلم تُحذف أي إجابة أقدم من 100 يوم\n');
  });

  it('counts one answer and one day in the singular, in both languages, as a grep still finds', async () => {
    // 10 June 12:00: one day back is 9 June 12:00; only #1 to #5 (1 to 5 June) are older.
    assert.equal(await run('export', '--format', 'jsonl', '--state', 'correct'), 0);
    assert.match(stderr.text, /^exported 1 answer\nصُدِّرت إجابة واحدة\n$/);
    fx.log.record(entry(fx.log, { createdAt: new Date('2024-06-09T13:00:00.000Z') }));
    stdout.text = '';
    assert.equal(await run('purge', '--days', '1'), 0);
    assert.equal(stdout.text, 'purged 5 answers older than 1 day\nحُذفت 5 إجابات أقدم من يوم واحد\n');
    // What a cron log is searched with finds the line whatever the count.
    assert.match(stdout.text, /^purged [0-9]+ answer/);
  });

  it('says what is wrong with a command in Arabic too, then the usage in both', async () => {
    const wrong: string[][] = [
      [],
      ['frobnicate'],
      ['show'],
      ['show', 'x'],
      ['list', '--limit', '0'],
      ['list', '--colour'],
      ['list', '--limit'],
      ['show', '1', '2', '--x'],
      ['mark', '2'],
      ['mark', '2', 'incorrect'],
      ['mark', '2', 'incorrect', '--by', 'mallory'],
      ['export', '--format', 'xml'],
      ['purge', '--days', 'x'],
    ];
    for (const argv of wrong) {
      stderr.text = '';
      assert.equal(await run(...argv), 2, argv.join(' '));
      const [said = '', usage = ''] = stderr.text.split('\n\n');
      const lines = said.split('\n');
      assert.equal(lines.length, 2, `${argv.join(' ')}: ${said}`);
      assert.match(lines[0]!, /^[\x20-\x7e“”’]+$/, argv.join(' '));
      assert.match(lines[1]!, /\p{Script=Arabic}{2}/u, argv.join(' '));
      assert.ok(usage.startsWith('Usage / طريقة الاستخدام:\n'), usage);
    }
    // Every command of the usage is explained in Arabic too.
    assert.equal(await run('help'), 0);
    const blocks = stdout.text.split(/\n(?= {2}npm run review)/).slice(1);
    assert.equal(blocks.length, 7);
    for (const block of blocks) assert.match(block, /\n? {40,}.*\p{Script=Arabic}/u, block);
  });

  it('refuses to read an answer log that does not exist rather than make an empty one', () => {
    const missing = path.join(fx.dir, 'typo.sqlite');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/review.ts', 'list'], {
      env: { ...process.env, STATE_DIR: fx.dir, LOG_DB: missing },
      encoding: 'utf8',
    });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /There is no answer log at .*typo\.sqlite \(LOG_DB\)/);
    assert.equal(fs.existsSync(missing), false);
  });

  it('purges answers past the retention period (LOG_RETENTION_DAYS by default, or --days)', async () => {
    // The clock is 2024-06-10 12:00; the answers are from 1–5 June at 10:00.
    assert.equal(await run('purge', '--days', '9'), 0);
    assert.match(stdout.text, /purged 1 answer older than 9 days/);
    assert.equal(fx.log.get(1), undefined);
    assert.ok(fx.log.get(2));
    assert.equal(await run('purge'), 0);
    assert.match(stdout.text, /purged 2 answers older than 7 days/);
    assert.equal(fx.log.get(3), undefined);
    assert.ok(fx.log.get(4));
    assert.equal(await run('purge', '--days', 'x'), 2);
  });

  it('purges nothing when retention is 0 and no --days is given', async () => {
    const fx0 = fixture({ LOG_RETENTION_DAYS: '0' });
    seed(fx0.log);
    try {
      const code = await runReviewCli(['purge'], { log: fx0.log, config: fx0.config, stdout, stderr });
      assert.equal(code, 0);
      assert.match(stderr.text, /keep forever/);
      assert.ok(fx0.log.get(1));
    } finally {
      fx0.cleanup();
    }
  });
});
