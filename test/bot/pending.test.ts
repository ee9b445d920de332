import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { Answer, AnswerOptions, QA } from '../../src/answer/types.js';
import { answerPending, PENDING_RETRY_MS } from '../../src/bot/pending.js';
import { createFakeQA } from './fake-qa.js';
import { harness, PRIVATE, textOf, textUpdate, type Harness } from './harness.js';

/** A core whose answers hang while `hang` is set, as one does when the process is about to be killed. */
function hangingQA() {
  const fake = createFakeQA();
  const hung: ((err: Error) => void)[] = [];
  const qa = {
    hang: false,
    calls: fake.calls,
    info: () => fake.info(),
    close: () => fake.close(),
    answer(question: string, opts?: AnswerOptions): Promise<Answer> {
      if (!qa.hang) return fake.answer(question, opts);
      fake.calls.push(question);
      return new Promise((_, reject) => hung.push(reject));
    },
    /** Ends the hung answers (of the bot that "was killed"), once the test has looked. */
    release: () => hung.splice(0).forEach((reject) => reject(new Error('killed'))),
  };
  return qa;
}

const until = async (done: () => boolean) => {
  for (let waited = 0; !done() && waited < 5000; waited += 5) await new Promise((r) => setTimeout(r, 5));
  assert.ok(done());
};

describe('questions cut off by a restart', () => {
  let h: Harness;
  let qa: ReturnType<typeof hangingQA>;
  afterEach(() => {
    qa.release();
    h.close();
  });

  it('are answered after the restart, once, in reply to the question', async () => {
    qa = hangingQA();
    let clock = new Date('2024-06-01T12:00:00.000Z');
    h = harness({ qa: qa as unknown as QA, logNow: () => clock });
    const person = { id: 51, first_name: 'Lina' };
    const question = textUpdate(person, PRIVATE(person), 'Was the al-Omar base attacked?');
    const queued = textUpdate(person, PRIVATE(person), 'Where is Mayadin?');
    qa.hang = true;
    // The first is being answered, the second waits behind it in the chat's queue; then kill -9.
    void h.bot.handleUpdate(question);
    void h.bot.handleUpdate(queued);
    await until(() => qa.calls.length === 1);
    h.restart();
    qa.hang = false;
    clock = new Date(clock.getTime() + 60_000);
    assert.deepEqual(await answerPending(h.bot, h.log!, h.logger), { answered: 2, toldToAskAgain: 0 });
    const sent = h.sent(person.id);
    assert.deepEqual(
      sent.map((m) => (m.payload.reply_parameters as { message_id: number }).message_id),
      [question.message!.message_id, queued.message!.message_id],
    );
    assert.match(textOf(sent[0]), /Eight rockets/);
    // Started again, nothing is left to answer.
    h.restart();
    assert.deepEqual(await answerPending(h.bot, h.log!, h.logger), { answered: 0, toldToAskAgain: 0 });
    assert.equal(h.sent(person.id).length, 2);
  });

  it('tell the person to ask again when already tried, or too old to answer now', async () => {
    qa = hangingQA();
    let clock = new Date('2024-06-01T12:00:00.000Z');
    h = harness({ qa: qa as unknown as QA, logNow: () => clock });
    const huda = { id: 52, first_name: 'Huda', language_code: 'ar' };
    const sam = { id: 53, first_name: 'Sam' };
    const tried = textUpdate(huda, PRIVATE(huda), 'ماذا حدث في حقل العمر؟');
    qa.hang = true;
    void h.bot.handleUpdate(tried);
    await until(() => qa.calls.length === 1);
    h.restart();
    // Answered again after the restart, it hangs again (it may be what kills the process): killed again.
    // (Its log is closed under it when the test ends it.)
    answerPending(h.bot, h.log!, h.logger).catch(() => undefined);
    await until(() => qa.calls.length === 2);
    h.restart();
    // Another, asked long before the process was killed.
    const old = textUpdate(sam, PRIVATE(sam), 'Who is Kirby?');
    void h.bot.handleUpdate(old);
    await until(() => qa.calls.length === 3);
    h.restart();
    qa.hang = false;
    clock = new Date(clock.getTime() + PENDING_RETRY_MS + 1000);
    assert.deepEqual(await answerPending(h.bot, h.log!, h.logger), { answered: 0, toldToAskAgain: 2 });
    assert.equal(qa.calls.length, 3);
    assert.deepEqual(
      [...h.sent(huda.id), ...h.sent(sam.id)].map((m) => [
        textOf(m),
        (m.payload.reply_parameters as { message_id: number }).message_id,
      ]),
      [
        [
          'عذرًا، أُعيد تشغيلي أثناء الإجابة عن هذا السؤال فلم أُكملها. يُرجى إرساله مجددًا.',
          tried.message!.message_id,
        ],
        [
          'Sorry, I was restarted while answering this question, and did not finish. Please send it again.',
          old.message!.message_id,
        ],
      ],
    );
    h.restart();
    assert.deepEqual(await answerPending(h.bot, h.log!, h.logger), { answered: 0, toldToAskAgain: 0 });
  });
});
