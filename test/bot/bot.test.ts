import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, it, mock } from 'node:test';
import type { Message } from 'grammy/types';
import { JOINED_START_MS } from '../../src/bot/commands.js';
import { createBot } from '../../src/bot/index.js';
import { REPEAT_WINDOW_MS } from '../../src/bot/questions.js';
import { parseCallbackData } from '../../src/bot/callback-data.js';
import { AnswerLog } from '../../src/log/index.js';
import { createFakeQA, PASSAGES } from './fake-qa.js';
import {
  anonymousAdmin,
  asChannel,
  BOT_INFO,
  buttons,
  callbackUpdate,
  captureLogger,
  editedUpdate,
  GROUP,
  harness,
  messageUpdate,
  PRIVATE,
  replyToBot,
  tempDir,
  testConfig,
  textOf,
  textUpdate,
  type Harness,
  visible,
} from './harness.js';

const amira = { id: 501, language_code: 'ar' };
const john = { id: 502, language_code: 'en' };
const anon = { id: 503 };

describe('bot', () => {
  let h: Harness;
  afterEach(() => h.close());

  describe('private chats', () => {
    it('answers an Arabic question with citations, typing, buttons, and logs it', async () => {
      h = harness();
      await h.bot.handleUpdate(textUpdate(amira, PRIVATE(amira), 'ماذا استهدفت غارات التحالف قرب الميادين؟'));
      assert.deepEqual(
        h.calls.map((c) => c.method),
        ['sendChatAction', 'sendMessage'],
      );
      assert.equal(h.calls[0]?.payload.action, 'typing');
      const [msg] = h.sent(amira.id);
      assert.equal(msg?.payload.parse_mode, 'HTML');
      assert.match(textOf(msg), /استهدفت غارات التحالف مستودعًا للأسلحة قرب قلعة الرحبة في الميادين \[1\]/);
      assert.match(textOf(msg), /المصادر\n\[1\] عنب بلدي \(Enab Baladi\)، 5 كانون الثاني\/يناير 2022/);
      assert.deepEqual(buttons(msg), [
        { text: '👍', callback_data: 'fb:up:1' },
        { text: '👎', callback_data: 'fb:down:1' },
        { text: 'المصادر', callback_data: 'src:1' },
      ]);
      const rec = h.log?.get(1);
      assert.equal(rec?.language, 'ar');
      assert.equal(rec?.chatType, 'private');
      assert.equal(rec?.userHash, h.log?.hashUser(amira.id));
      assert.equal(rec?.citations[0]?.text, PASSAGES.mayadin);
      assert.equal(rec?.citations[0]?.articleId, '000_491cdc483407fe0a');
      assert.equal(rec?.embedderId, 'lexical-384');
      assert.equal(rec?.indexVersion, 'v-test-1');
    });

    it("answers a question without letters in the person's Telegram language", async () => {
      h = harness();
      await h.bot.handleUpdate(textUpdate(amira, PRIVATE(amira), '2022?'));
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), '2022?'));
      assert.deepEqual((h.qa as ReturnType<typeof createFakeQA>).languages, ['ar', 'en']);
      assert.match(textOf(h.sent(amira.id)[0]), /[\u0621-\u064A]{3}/);
      assert.doesNotMatch(textOf(h.sent(john.id)[0]), /[\u0621-\u064A]/);
      assert.equal(h.log?.get(1)?.language, 'ar');
      assert.equal(h.log?.get(2)?.language, 'en');
    });

    it('answers in English with Arabic quotes isolated right-to-left', async () => {
      h = harness();
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Was the al-Omar base attacked?'));
      const [msg] = h.sent();
      const html = String(msg?.payload.text);
      assert.match(textOf(msg), /Eight rockets targeted the coalition base at the al-Omar oil field \[1\]/);
      assert.match(textOf(msg), /\[2\] SY24, date unknown/);
      assert.ok(html.includes('\u2068SY24\u2069'));
      assert.deepEqual(
        buttons(msg).map((b) => b.text),
        ['👍', '👎', 'sources'],
      );
    });

    it('logs exactly the text the person saw', async () => {
      h = harness();
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Was the al-Omar base attacked?'));
      const [msg] = h.sent();
      const seen = String(msg?.payload.text)
        .replace(/<\/?(?:b|i|blockquote|a)(?:\s[^>]*)?>/g, '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&');
      assert.equal(h.log?.get(1)?.answerText, seen);
    });

    it('abstains with feedback buttons but no sources button', async () => {
      h = harness();
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Who won the 1998 World Cup?'));
      const [msg] = h.sent();
      assert.equal(textOf(msg), 'The articles I have do not cover this question, so I cannot answer it.');
      assert.deepEqual(
        buttons(msg).map((b) => b.callback_data),
        ['fb:up:1', 'fb:down:1'],
      );
      assert.equal(h.log?.get(1)?.abstained, true);
    });

    it('explains that only text is understood', async () => {
      h = harness();
      await h.bot.handleUpdate(
        messageUpdate(amira, PRIVATE(amira), {
          photo: [{ file_id: 'f', file_unique_id: 'u', width: 1, height: 1 }],
        }),
      );
      assert.equal(
        textOf(h.sent()[0]),
        'أستطيع قراءة الأسئلة المكتوبة فقط. يُرجى كتابة سؤالك بالعربية أو الإنجليزية.',
      );
      assert.equal((h.qa as ReturnType<typeof createFakeQA>).calls.length, 0);
    });

    it('says nothing to a service message: an answer pinned, the auto-delete timer set', async () => {
      h = harness();
      const chat = PRIVATE(john);
      const answer = { message_id: 1001, date: 0, chat, from: BOT_INFO, text: 'an answer' };
      await h.bot.handleUpdate(messageUpdate(john, chat, { pinned_message: answer as never }));
      await h.bot.handleUpdate(
        messageUpdate(john, chat, { message_auto_delete_timer_changed: { message_auto_delete_time: 86400 } }),
      );
      assert.deepEqual(h.calls, []);
      // What a person sends without text is still explained: a voice note, a location, a sticker.
      for (const sent of [
        { voice: { file_id: 'v', file_unique_id: 'v', duration: 3 } },
        { location: { latitude: 35.0, longitude: 40.4 } },
        { sticker: { file_id: 's' } as never },
      ])
        await h.bot.handleUpdate(messageUpdate(john, chat, sent));
      assert.deepEqual(
        h.sent().map(textOf),
        Array(3).fill('I can only read text questions. Please type your question in Arabic or English.'),
      );
    });

    it('refuses a question over the length limit, in the question’s language', async () => {
      h = harness({ env: { MAX_QUESTION_CHARS: '20' } });
      await h.bot.handleUpdate(
        textUpdate(anon, PRIVATE(anon), 'ماذا حدث في حقل العمر النفطي في كانون الثاني؟'),
      );
      assert.match(textOf(h.sent()[0]), /^سؤالك من 45 حرفًا، والحد الأقصى 20/);
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'What happened at the al-Omar oil field?'));
      assert.match(textOf(h.sent()[1]), /^Your question is 39 characters long; I accept at most 20\./);
      assert.equal((h.qa as ReturnType<typeof createFakeQA>).calls.length, 0);
      assert.equal(h.log?.get(1), undefined);
    });

    it('says how to ask about a text too long to be a question, and so it is asked', async () => {
      h = harness({ env: { MAX_QUESTION_CHARS: '40' } });
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      const report = 'Eight rockets fell on the coalition base at Green Village this morning. Is this true?';
      const pasted = textUpdate(john, PRIVATE(john), report);
      const arabic = textUpdate(amira, PRIVATE(amira), 'ماذا حدث في حقل العمر النفطي في كانون الثاني؟');
      // Each is held a moment, in case more of it follows (see pastesJoined): both at once.
      await Promise.all([h.bot.handleUpdate(pasted), h.bot.handleUpdate(arabic)]);
      assert.match(
        textOf(h.sent(john.id)[0]),
        /I accept at most 40\. Please ask a shorter question\. To ask about a text, send it on its own, then reply to it with your question\.$/,
      );
      assert.match(textOf(h.sent(amira.id)[0]), /وللسؤال عن نص، أرسله وحده ثم ردّ عليه بسؤالك\.$/);
      // Done as it says: the text is what the question follows up on.
      await h.bot.handleUpdate(
        textUpdate(john, PRIVATE(john), 'Who fired them?', { reply_to_message: pasted.message as never }),
      );
      assert.deepEqual(qa.calls, ['Who fired them?']);
      assert.deepEqual(qa.previous, [report.slice(0, 80)]);
    });

    it('reads a paste Telegram split into parts as one overlong question: one notice, its whole length', async () => {
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      const sentence = 'Eight rockets fell on the coalition base at the al-Omar oil field this morning. ';
      const paste = sentence.repeat(55).trim();
      // Cut as an app cuts it, at a space before 4,096 characters: the last part alone is under
      // the limit of 500 and had been answered as a question.
      const cut = paste.lastIndexOf(' ', 4096);
      const [first, second] = [paste.slice(0, cut), paste.slice(cut + 1)];
      assert.ok(second.length < 500 && second.length > 0, 'the last part is under the limit');
      const parts = [
        h.bot.handleUpdate(textUpdate(john, PRIVATE(john), first)),
        new Promise((r) => setTimeout(r, 400)).then(() =>
          h.bot.handleUpdate(textUpdate(john, PRIVATE(john), second)),
        ),
      ];
      await Promise.all(parts);
      assert.deepEqual(h.sent().map(textOf), [
        `Your question is ${[...paste].length} characters long; I accept at most 500. Please ask a shorter question. To ask about a text, send it on its own, then reply to it with your question.`,
      ]);
      assert.deepEqual(qa.calls, []);
      // The paste over, the next message is a question of its own, answered at once.
      const started = performance.now();
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Was the al-Omar base attacked?'));
      assert.ok(performance.now() - started < 500, 'answered without waiting');
      assert.deepEqual(qa.calls, ['Was the al-Omar base attacked?']);
    });

    it('gives notices in the language the person wrote in, as answers are; without text, the interface’s', async () => {
      h = harness({ env: { MAX_QUESTION_CHARS: '40', RATE_LIMIT_PER_MINUTE: '1' } });
      // An English interface, an Arabic question over the limit: the answer would be Arabic.
      await h.bot.handleUpdate(
        textUpdate(john, PRIVATE(john), 'ماذا حدث في حقل العمر النفطي في كانون الثاني؟'),
      );
      // … and the other way round.
      await h.bot.handleUpdate(
        textUpdate(amira, PRIVATE(amira), 'What happened at the al-Omar oil field in January?'),
      );
      const [tooLongAr, tooLongEn] = [h.sent(john.id)[0], h.sent(amira.id)[0]].map(textOf);
      assert.match(tooLongAr!, /^سؤالك من 45 حرفًا، والحد الأقصى 40/);
      assert.match(tooLongEn!, /^Your question is 50 characters long; I accept at most 40\./);
      // A question mixing scripts is answered in the language of its first word: its notices too.
      await h.bot.handleUpdate(
        textUpdate(john, PRIVATE(john), 'شو صار بـ Green Village and the Al-Omar oil field؟'),
      );
      assert.match(textOf(h.sent(john.id)[1]), /^سؤالك من/);
      // The question limit, and a failure's apology, the same.
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'ماذا حدث في الميادين؟'));
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'ماذا حدث في حقل العمر؟'));
      assert.match(textOf(h.sent(john.id)[2]), /استهدفت غارات التحالف/);
      assert.match(textOf(h.sent(john.id)[3]), /^أنت تسأل أسرع مما أستطيع الإجابة/);
      await h.bot.handleUpdate(textUpdate(amira, PRIVATE(amira), 'boom: what happened at al-Omar?'));
      assert.equal(
        textOf(h.sent(amira.id)[1]),
        'Sorry, something went wrong while answering. Please try again in a moment.',
      );
      // A command alone, or a sticker, says nothing of a language: the interface's.
      await h.bot.handleUpdate(textUpdate(amira, PRIVATE(amira), '/frobnicate'));
      assert.match(textOf(h.sent(amira.id)[2]), /^لا أعرف هذا الأمر/);
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), '/frobnicate ماذا حدث؟'));
      assert.match(textOf(h.sent(john.id)[4]), /^لا أعرف هذا الأمر/);
      const sticker = { file_id: 's', file_unique_id: 'su', type: 'regular', width: 1, height: 1 };
      await h.bot.handleUpdate(messageUpdate(amira, PRIVATE(amira), { sticker } as never));
      assert.match(textOf(h.sent(amira.id)[3]), /^أستطيع قراءة الأسئلة المكتوبة فقط/);
      // Nor do words the person forwarded, or replied to, without writing any: not theirs.
      const origin = { type: 'hidden_user', sender_user_name: 'Reporter', date: 0 };
      const forwarded = 'What happened at the al-Omar oil field in January?';
      await h.bot.handleUpdate(
        textUpdate(amira, PRIVATE(amira), forwarded, { forward_origin: origin } as never),
      );
      assert.match(textOf(h.sent(amira.id)[4]), /^هذه الرسالة المُعاد توجيهها من 50 حرفًا/);
    });

    it('asks what to check of "Is this true?" about nothing it can see, as a forwarded post’s comment is', async () => {
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      const chat = PRIVATE(amira);
      // Forwarded with a comment, a post comes after the comment, as a message of its own.
      await h.bot.handleUpdate(textUpdate(amira, chat, 'هل هذا صحيح؟'));
      const origin = {
        type: 'channel',
        chat: { id: -1005, type: 'channel', title: 'News' },
        message_id: 5,
        date: 0,
      };
      const post = 'سقطت ثماني قذائف صاروخية على قاعدة التحالف في حقل العمر صباح اليوم.';
      const forward = textUpdate(amira, chat, post, { forward_origin: origin } as never);
      await h.bot.handleUpdate(forward);
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Is this true? Thanks'));
      assert.deepEqual(qa.calls, [post], 'only the post is searched');
      assert.deepEqual(
        [textOf(h.sent(amira.id)[0]), textOf(h.sent(john.id)[0])],
        [
          'ما الذي تريد أن أتحقق منه؟ أرسل إليّ النص الذي تسأل عنه (أعد توجيه المنشور أو الصقه)، ثم ردّ عليه بسؤالك.',
          'What should I check? Send me the text you are asking about (forward the post, or paste it), then reply to it with your question.',
        ],
      );
      // In reply to the post, or to an answer, it asks about what it replies to.
      await h.bot.handleUpdate(
        textUpdate(amira, chat, 'هل هذا صحيح؟', { reply_to_message: forward.message as never }),
      );
      assert.deepEqual([qa.calls.at(-1), qa.previous.at(-1)], ['هل هذا صحيح؟', post]);
      await h.bot.handleUpdate(textUpdate(amira, chat, 'عنجد؟', replyToBot(chat, 1002)));
      assert.deepEqual([qa.calls.at(-1), qa.previous.at(-1)], ['عنجد؟', post]);
      assert.equal(qa.calls.length, 3);
    });

    it('says how to ask about a forwarded message too long to be a question: reply to it', async () => {
      h = harness({ env: { MAX_QUESTION_CHARS: '100' } });
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      const chat = PRIVATE(amira);
      const origin = {
        type: 'channel',
        chat: { id: -1005, type: 'channel', title: 'News' },
        message_id: 5,
        date: 0,
      };
      const report = 'سقطت ثماني قذائف صاروخية على قاعدة التحالف في حقل العمر صباح اليوم. '.repeat(3).trim();
      const forward = textUpdate(amira, chat, report, { forward_origin: origin } as never);
      await h.bot.handleUpdate(forward);
      assert.equal(
        textOf(h.sent()[0]),
        'هذه الرسالة المُعاد توجيهها من 203 أحرف، والحد الأقصى 100. للسؤال عنها، ردّ عليها بسؤالك.',
      );
      // Replied to, it is what the question is about (as much of it as a follow-up carries).
      await h.bot.handleUpdate(
        textUpdate(amira, chat, 'من أطلقها؟', { reply_to_message: forward.message as never }),
      );
      assert.deepEqual(qa.calls, ['من أطلقها؟']);
      assert.deepEqual(qa.previous, [report.slice(0, 200)]);
      // A question the person wrote that is too long is told so, as before.
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'What happened at al-Omar? '.repeat(5)));
      assert.match(
        textOf(h.sent(john.id)[0]),
        /^Your question is 129 characters long; I accept at most 100\./,
      );
    });

    it('says it reads only Arabic and English to a question in Persian or Kurdish, in both', async () => {
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      const fa = { id: 505, language_code: 'fa' };
      await h.bot.handleUpdate(textUpdate(fa, PRIVATE(fa), 'در پایگاه العمر چه اتفاقی افتاد؟'));
      assert.equal(
        textOf(h.sent(fa.id)[0]),
        'I can read questions only in Arabic or English. Please ask yours in one of them.\n\n' +
          'أستطيع قراءة الأسئلة بالعربية أو الإنجليزية فقط. يُرجى طرح سؤالك بإحداهما.',
      );
      // Sorani in a group, from someone whose Telegram is in Arabic: Arabic first.
      await h.bot.handleUpdate(textUpdate(amira, GROUP, '@IncidentQABot چی ڕوویدا لە بنکەی العمر؟'));
      assert.match(textOf(h.sent(GROUP.id)[0]), /^أستطيع قراءة الأسئلة بالعربية أو الإنجليزية فقط\./);
      // Kurmanji, Kurdish as north-eastern Syria writes it, in Latin letters.
      await h.bot.handleUpdate(textUpdate(fa, PRIVATE(fa), 'Li bingeha El-Omer çi qewimî?'));
      assert.match(textOf(h.sent(fa.id)[1]), /^I can read questions only in Arabic or English\./);
      assert.deepEqual(qa.calls, []);
      // Arabic with a dialect's گ is Arabic.
      await h.bot.handleUpdate(textUpdate(amira, PRIVATE(amira), 'شگد صاروخ نزل على قاعدة العمر؟'));
      assert.deepEqual(qa.calls, ['شگد صاروخ نزل على قاعدة العمر؟']);
    });

    it('asks for Arabic letters or English from a question in Arabic written in Latin letters', async () => {
      h = harness();
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'shu sar bel 3omar?'));
      assert.equal(
        textOf(h.sent()[0]),
        'لا أستطيع قراءة العربية المكتوبة بأحرف لاتينية. يُرجى كتابة سؤالك بالأحرف العربية أو بالإنجليزية.\n\n' +
          'I cannot read Arabic written in Latin letters. Please write your question in Arabic letters, or in English.',
      );
      assert.deepEqual((h.qa as ReturnType<typeof createFakeQA>).calls, []);
    });

    it('says it cannot open a link sent on its own, and how to ask about the post instead', async () => {
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'https://t.me/deirezzor24/12345'));
      await h.bot.handleUpdate(
        textUpdate(amira, GROUP, '@IncidentQABot www.enabbaladi.net/archives/540000 ؟'),
      );
      assert.deepEqual(h.sent().map(textOf), [
        'I cannot open links. Send me the text you are asking about (forward the post, or paste it), then reply to it with your question.',
        'لا أستطيع فتح الروابط. أرسل إليّ النص الذي تسأل عنه (أعد توجيه المنشور أو الصقه)، ثم ردّ عليه بسؤالك.',
      ]);
      // A question beside the link is asked.
      await h.bot.handleUpdate(
        textUpdate(john, PRIVATE(john), 'What happened at al-Omar? https://t.me/deirezzor24/12345'),
      );
      assert.deepEqual(qa.calls, ['What happened at al-Omar? https://t.me/deirezzor24/12345']);
    });

    it('reads a caption as the question; a photo without one is explained', async () => {
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      const photo = [{ file_id: 'f', file_unique_id: 'u', width: 1, height: 1 }];
      await h.bot.handleUpdate(
        messageUpdate(john, PRIVATE(john), { photo, caption: 'Was the al-Omar base attacked?' }),
      );
      assert.deepEqual(qa.calls, ['Was the al-Omar base attacked?']);
      assert.match(textOf(h.sent()[0]), /Eight rockets/);
      // A command in a caption is a command.
      await h.bot.handleUpdate(
        messageUpdate(john, PRIVATE(john), {
          photo,
          caption: '/help',
          caption_entities: [{ type: 'bot_command', offset: 0, length: 5 }],
        }),
      );
      assert.equal(qa.calls.length, 1);
      assert.match(textOf(h.sent()[1]), /^I answer questions/);
    });

    it('reads an album as one message: its caption asked once, or "only text" said once', async () => {
      // Each photo of an album is a message of its own: the ones without a caption were each told
      // "I can only read text", after the answer to the caption's question.
      h = harness();
      const photo = [{ file_id: 'f', file_unique_id: 'u', width: 1, height: 1 }];
      const item = (album: string, caption?: string) =>
        messageUpdate(john, PRIVATE(john), { media_group_id: album, photo, ...(caption ? { caption } : {}) });
      await h.bot.handleUpdate(item('a1', 'Was the al-Omar base attacked?'));
      await h.bot.handleUpdate(item('a1'));
      await h.bot.handleUpdate(item('a1'));
      await h.bot.handleUpdate(item('a2'));
      await h.bot.handleUpdate(item('a2'));
      await h.bot.handleUpdate(item('a2'));
      assert.deepEqual(
        h.sent().map((m) => textOf(m).slice(0, 40)),
        ['You asked: “Was the al-Omar base attacke', 'I can only read text questions. Please t'],
      );
      // A single photo after them is told, as before.
      await h.bot.handleUpdate(messageUpdate(john, PRIVATE(john), { photo }));
      assert.equal(h.sent().length, 3);
    });

    it('leaves its own mention out of a question in a private chat too', async () => {
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      await h.bot.handleUpdate(
        textUpdate(john, PRIVATE(john), '@IncidentQABot Was the al-Omar base attacked?'),
      );
      assert.deepEqual(qa.calls, ['Was the al-Omar base attacked?']);
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), '@IncidentQABot'));
      assert.equal(qa.calls.length, 1);
      assert.match(textOf(h.sent()[1]), /Please write your question with the mention/);
    });

    it('answers a question again when the person edits it, in reply to it', async () => {
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      const asked = textUpdate(john, PRIVATE(john), 'What hapened at al-Omr?');
      await h.bot.handleUpdate(asked);
      await h.bot.handleUpdate(editedUpdate(asked, 'What happened at al-Omar?'));
      assert.deepEqual(qa.calls, ['What hapened at al-Omr?', 'What happened at al-Omar?']);
      const second = h.sent()[1];
      assert.equal(
        (second?.payload.reply_parameters as { message_id: number }).message_id,
        asked.message!.message_id,
      );
      assert.equal(h.log?.get(2)?.question, 'What happened at al-Omar?', 'the edited question is logged');
    });

    it('does not answer an edit that leaves the question as it was', async () => {
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      const asked = textUpdate(john, PRIVATE(john), 'What happened at al-Omar?');
      await h.bot.handleUpdate(asked);
      // Formatting added (Telegram sends only the new entities), spaces around it, its own mention.
      const formatted = editedUpdate(asked, 'What happened at al-Omar?');
      Object.assign(formatted.edited_message!, { entities: [{ type: 'bold', offset: 0, length: 4 }] });
      await h.bot.handleUpdate(formatted);
      await h.bot.handleUpdate(editedUpdate(asked, '  What happened at al-Omar? '));
      await h.bot.handleUpdate(editedUpdate(asked, '@IncidentQABot What happened at al-Omar?'));
      assert.deepEqual(qa.calls, ['What happened at al-Omar?']);
      assert.equal(h.sent().length, 1);
      // A real change is answered; changed back, it is a change again.
      await h.bot.handleUpdate(editedUpdate(asked, 'What happened at al-Mayadin?'));
      await h.bot.handleUpdate(editedUpdate(asked, 'What happened at al-Mayadin?'));
      await h.bot.handleUpdate(editedUpdate(asked, 'What happened at al-Omar?'));
      assert.deepEqual(qa.calls, [
        'What happened at al-Omar?',
        'What happened at al-Mayadin?',
        'What happened at al-Omar?',
      ]);
      // The same for a command and a greeting, and in a group.
      const help = textUpdate(john, PRIVATE(john), '/help');
      const hi = textUpdate(john, PRIVATE(john), 'hi');
      const group = textUpdate(amira, GROUP, '@IncidentQABot ماذا حدث في الميادين؟');
      for (const u of [help, hi, group]) await h.bot.handleUpdate(u);
      const before = h.sent().length;
      await h.bot.handleUpdate(editedUpdate(help, '/help'));
      await h.bot.handleUpdate(editedUpdate(hi, 'hi'));
      await h.bot.handleUpdate(editedUpdate(group, '@IncidentQABot ماذا حدث في الميادين؟'));
      assert.equal(h.sent().length, before);
      assert.equal(qa.calls.length, 4);
    });

    it('does not answer an unchanged edit after a restart either, from the answer log', async () => {
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      const link = 'What happened at al-Omar? https://example.com/omar';
      const asked = textUpdate(john, PRIVATE(john), link);
      const byCommand = textUpdate(john, PRIVATE(john), '/ask What did the drone strike hit?');
      const inGroup = textUpdate(amira, GROUP, '@IncidentQABot ماذا حدث في الميادين؟');
      for (const u of [asked, byCommand, inGroup]) await h.bot.handleUpdate(u);
      h.restart();
      // Telegram sends an edit when it adds the link's preview: the text is as it was.
      await h.bot.handleUpdate(editedUpdate(asked, link));
      await h.bot.handleUpdate(editedUpdate(byCommand, '/ask What did the drone strike hit?'));
      await h.bot.handleUpdate(editedUpdate(inGroup, '@IncidentQABot ماذا حدث في الميادين؟'));
      assert.equal(qa.calls.length, 3);
      assert.equal(h.sent().length, 3);
      // The same message id in another chat is another message, never answered there.
      const elsewhere = textUpdate(amira, PRIVATE(amira), link, { message_id: asked.message!.message_id });
      await h.bot.handleUpdate(editedUpdate(elsewhere, link));
      assert.equal(qa.calls.length, 4);
      // A real change is answered, and is then what the message asked, after another restart too.
      await h.bot.handleUpdate(editedUpdate(asked, 'What happened at al-Mayadin?'));
      h.restart();
      await h.bot.handleUpdate(editedUpdate(asked, 'What happened at al-Mayadin?'));
      await h.bot.handleUpdate(editedUpdate(asked, link));
      assert.deepEqual(qa.calls.slice(4), ['What happened at al-Mayadin?', link]);
      // A log that cannot be read: the edit is answered, as without a log, and the failure reported.
      h.restart();
      h.log?.close();
      await h.bot.handleUpdate(editedUpdate(asked, link));
      assert.equal(qa.calls.length, 7);
      assert.ok(h.logger.lines.some((l) => l.msg === 'answer log read failed; the edit is answered'));
    });

    it('does not answer an edit of a message older than two days', async () => {
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      const hours = (n: number) => Math.floor(Date.now() / 1000) - n * 3600;
      const old = textUpdate(john, PRIVATE(john), 'What hapened at al-Omr?', { date: hours(49) });
      const recent = textUpdate(john, PRIVATE(john), 'What hapened at al-Mayadin?', { date: hours(47) });
      await h.bot.handleUpdate(editedUpdate(old, 'What happened at al-Omar?'));
      await h.bot.handleUpdate(editedUpdate(recent, 'What happened at al-Mayadin?'));
      assert.deepEqual(qa.calls, ['What happened at al-Mayadin?']);
      assert.equal(h.sent().length, 1);
    });

    it('greets back with example questions instead of searching a greeting', async () => {
      h = harness();
      await h.bot.handleUpdate(textUpdate(amira, PRIVATE(amira), 'مرحباً!'));
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Hi there 👋'));
      assert.equal((h.qa as ReturnType<typeof createFakeQA>).calls.length, 0);
      const [ar, en] = h.sent().map(textOf);
      assert.match(ar!, /^أهلًا بك! اسألني عن غارة أو هجوم.*\n• ماذا استهدفت غارات التحالف قرب الميادين؟/s);
      assert.match(en!, /^Hello! Ask me about a strike.*\n• What did coalition air strikes hit/s);
      // Thanks, after an answer as a rule, are not answered with "Hello!" and the examples again.
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Thank you 🙏'));
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'شكرا جزيلا'));
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'hello, thanks'));
      const [thanks, shukran, greeting] = h.sent().slice(2).map(textOf);
      assert.equal(
        thanks,
        'You are welcome! Ask me anything else about incidents in eastern Syria, in Arabic or English.',
      );
      assert.equal(shukran, 'عفوًا! اسألني عن أي حادثة أخرى في شرق سوريا، بالعربية أو الإنجليزية.');
      assert.match(greeting!, /^Hello! Ask me about a strike/);
      h.calls.length = 0;
      // A question that starts with a greeting is a question.
      await h.bot.handleUpdate(textUpdate(amira, PRIVATE(amira), 'مرحبا، ماذا حدث في حقل العمر؟'));
      assert.deepEqual((h.qa as ReturnType<typeof createFakeQA>).calls, ['مرحبا، ماذا حدث في حقل العمر؟']);
      // A farewell, an acknowledgement, or no letters at all is not searched either.
      for (const text of ['ok thanks', 'مع السلامة', '👍', '???'])
        await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), text));
      assert.equal((h.qa as ReturnType<typeof createFakeQA>).calls.length, 1);
      assert.equal(h.sent().length, 5);
    });

    it('takes "👍" or "ok" in reply to its answer as thanks, not as a greeting to introduce itself to', async () => {
      h = harness();
      await h.bot.handleUpdate(textUpdate(john, GROUP, '@IncidentQABot Was the al-Omar base attacked?'));
      const answer = h.sent(GROUP.id)[0]!;
      const answerId = 1001;
      assert.match(textOf(answer), /al-Omar/);
      await h.bot.handleUpdate(textUpdate(john, GROUP, '👍', replyToBot(GROUP, answerId)));
      await h.bot.handleUpdate(textUpdate(amira, PRIVATE(amira), 'تمام', replyToBot(PRIVATE(amira), 999)));
      assert.deepEqual(h.sent().slice(1).map(textOf), [
        'You are welcome! Ask me anything else about incidents in eastern Syria, in Arabic or English.',
        'عفوًا! اسألني عن أي حادثة أخرى في شرق سوريا، بالعربية أو الإنجليزية.',
      ]);
      assert.deepEqual((h.qa as ReturnType<typeof createFakeQA>).calls, ['Was the al-Omar base attacked?']);
    });

    it('tells a person who replies "?" or "🤔" to its answer how to ask about it, not "you are welcome"', async () => {
      h = harness();
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Was the al-Omar base attacked?'));
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), '??', replyToBot(PRIVATE(john), 1001)));
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), '🤔', replyToBot(PRIVATE(john), 1001)));
      await h.bot.handleUpdate(textUpdate(amira, PRIVATE(amira), '؟', replyToBot(PRIVATE(amira), 999)));
      const howTo =
        'To ask more about this answer, reply to it with your question, for example: “Was anyone hurt?”';
      assert.deepEqual(h.sent().slice(1).map(textOf), [
        howTo,
        howTo,
        'لتسأل المزيد عن هذه الإجابة، ردّ عليها بسؤالك، مثلًا: «هل أُصيب أحد؟»',
      ]);
      assert.equal((h.qa as ReturnType<typeof createFakeQA>).calls.length, 1);
      // On its own, "?" still gets the introduction.
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), '?'));
      assert.match(textOf(h.sent().at(-1)), /^Hello! Ask me about a strike/);
    });

    it('takes "this is wrong" in reply to its answer as a 👎 from who asked, and points others to it', async () => {
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      await h.bot.handleUpdate(textUpdate(john, GROUP, '@IncidentQABot Was the al-Omar base attacked?'));
      // A colleague in the group: only the asker can rate it.
      await h.bot.handleUpdate(textUpdate(amira, GROUP, 'هذا خطأ', replyToBot(GROUP, 1001)));
      assert.equal(h.log?.get(1)?.feedback, null);
      // The asker, in reply to the answer: recorded, as the 👎 button would.
      await h.bot.handleUpdate(textUpdate(john, GROUP, 'This is wrong!', replyToBot(GROUP, 1001)));
      assert.equal(h.log?.get(1)?.feedback, 'down');
      assert.deepEqual(qa.calls, ['Was the al-Omar base attacked?']);
      assert.deepEqual(h.sent(GROUP.id).slice(1).map(textOf), [
        'شكرًا لملاحظتك. يمكن لصاحب السؤال أن يعلّم الإجابة بأنها خاطئة بزر 👎 تحتها، ويراجع المشرفون الإجابات المُعلَّمة هكذا.',
        'Thank you: I have marked this answer as wrong (👎), as the 👎 button under it does. The moderators review the answers marked so.',
      ]);
      // In a private chat, «غلط» in reply to the answer; a question that says what is wrong is asked.
      await h.bot.handleUpdate(textUpdate(amira, PRIVATE(amira), 'ماذا حدث في الميادين؟'));
      await h.bot.handleUpdate(textUpdate(amira, PRIVATE(amira), 'غلط', replyToBot(PRIVATE(amira), 1004)));
      assert.equal(h.log?.get(2)?.feedback, 'down');
      assert.match(textOf(h.sent(amira.id).at(-1)), /^شكرًا لك: سجّلتُ أن هذه الإجابة خاطئة/);
      await h.bot.handleUpdate(
        textUpdate(amira, PRIVATE(amira), 'ما الخطأ في قاعدة التنف؟', replyToBot(PRIVATE(amira), 1004)),
      );
      assert.equal(qa.calls.at(-1), 'ما الخطأ في قاعدة التنف؟');
    });

    it('takes a correction in reply to its answer as a 👎 with the words kept for moderators, not a question', async () => {
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'When was Green Village attacked?'));
      const correction = 'This is wrong, it was on the 4th';
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), correction, replyToBot(PRIVATE(john), 1001)));
      assert.deepEqual(qa.calls, ['When was Green Village attacked?'], 'the 4th is not searched');
      assert.deepEqual(
        [h.log?.get(1)?.feedback, h.log?.get(1)?.feedbackComment],
        ['down', 'This is wrong, it was on the 4th'],
      );
      assert.equal(
        textOf(h.sent(john.id).at(-1)),
        'Thank you: I have marked this answer as wrong (👎) and kept what you wrote for the moderators, who review the answers marked so. To ask me about it, send your question on its own.',
      );
      // In Arabic, the phrase set off by a comma or not (two words), and a one-word «غلط» by a line break.
      await h.bot.handleUpdate(textUpdate(amira, PRIVATE(amira), 'متى هوجمت القرية الخضراء؟'));
      for (const said of [
        'هذا خطأ، الهجوم كان يوم 4 كانون الثاني',
        'هذا غير صحيح الهجوم كان ليلًا',
        'غلط\nكانت ثماني قذائف',
      ])
        await h.bot.handleUpdate(textUpdate(amira, PRIVATE(amira), said, replyToBot(PRIVATE(amira), 1003)));
      assert.equal(qa.calls.length, 2);
      assert.equal(h.log?.get(2)?.feedbackComment, 'غلط\nكانت ثماني قذائف', 'the latest correction');
      assert.match(
        textOf(h.sent(amira.id).at(-1)),
        /^شكرًا لك: سجّلتُ أن هذه الإجابة خاطئة \(👎\) واحتفظتُ بما كتبتَه/,
      );
      // A question that opens with a word of the kind, not set off, is still a question.
      await h.bot.handleUpdate(
        textUpdate(john, PRIVATE(john), 'False flag attacks near Mayadin?', replyToBot(PRIVATE(john), 1001)),
      );
      assert.equal(qa.calls.at(-1), 'False flag attacks near Mayadin?');
      // Someone else's correction in a group is not the asker's rating, and is not kept.
      await h.bot.handleUpdate(textUpdate(john, GROUP, '@IncidentQABot Was the al-Omar base attacked?'));
      const groupAnswer = h.sent(GROUP.id)[0]!;
      const answerMessage = 1000 + h.calls.filter((c) => c.method === 'sendMessage').indexOf(groupAnswer) + 1;
      await h.bot.handleUpdate(
        textUpdate(amira, GROUP, 'Wrong: it was the Conoco field', replyToBot(GROUP, answerMessage)),
      );
      const logged = h.log?.get(4);
      assert.equal(logged?.question, 'Was the al-Omar base attacked?');
      assert.deepEqual([logged?.feedback, logged?.feedbackComment], [null, null]);
      assert.match(textOf(h.sent(GROUP.id).at(-1)), /^Thank you for saying so\. The person who asked/);
    });

    it('answers a question about itself as its command does, instead of searching it', async () => {
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      const asked = [
        textUpdate(john, PRIVATE(john), 'Hi, what can you do?'),
        textUpdate(amira, PRIVATE(amira), 'ما هي مصادرك؟'),
        textUpdate(amira, PRIVATE(amira), 'من أنت؟'),
        textUpdate(john, GROUP, '@IncidentQABot what sources do you use?'),
      ];
      for (const update of asked) await h.bot.handleUpdate(update);
      assert.deepEqual(qa.calls, []);
      assert.equal(h.log?.get(1), undefined, 'nothing was answered from the articles');
      const [help, sources, who, groupSources] = h.sent().map(textOf);
      assert.match(help!, /^I answer questions about military incidents in eastern Syria/);
      assert.match(sources!, /^المقالات \(5\)\n1\. عنب بلدي/);
      assert.match(who!, /^أجيب عن أسئلة حول الحوادث العسكرية في شرق سوريا/);
      assert.match(groupSources!, /^Articles \(5\)/);
      for (const [i, m] of h.sent().entries())
        assert.equal(
          (m.payload.reply_parameters as { message_id: number }).message_id,
          asked[i]!.message!.message_id,
        );
      assert.equal(
        h.calls.filter((c) => c.method === 'sendChatAction').length,
        0,
        'no "typing…" for what is not searched',
      );
      // A question for the articles that shares their words is searched.
      await h.bot.handleUpdate(
        textUpdate(john, PRIVATE(john), 'What sources reported the attack on Conoco?'),
      );
      await h.bot.handleUpdate(textUpdate(amira, PRIVATE(amira), 'ماذا تستطيع القوات أن تفعل في العمر؟'));
      assert.deepEqual(qa.calls, [
        'What sources reported the attack on Conoco?',
        'ماذا تستطيع القوات أن تفعل في العمر؟',
      ]);
    });

    it('points unknown commands to /help', async () => {
      h = harness();
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), '/frobnicate now'));
      assert.equal(textOf(h.sent()[0]), 'I do not know that command. Send /help to see what I can do.');
    });
  });

  describe('commands', () => {
    it('/start in Arabic for an Arabic-speaking person, with example questions', async () => {
      h = harness();
      await h.bot.handleUpdate(textUpdate(amira, PRIVATE(amira), '/start'));
      const seen = textOf(h.sent()[0]);
      assert.match(seen, /^أجيب عن أسئلة حول الحوادث العسكرية في شرق سوريا/);
      assert.match(seen, /أجيب من هذه المقالات فقط، وأقتبس المقاطع/);
      assert.match(seen, /أمثلة:\n• ماذا استهدفت غارات التحالف قرب الميادين؟/);
      assert.match(seen, /@IncidentQABot/);
    });

    it('matches commands in any case, as phones capitalise them', async () => {
      h = harness();
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), '/Help'));
      await h.bot.handleUpdate(textUpdate(john, GROUP, '/SOURCES@incidentqabot'));
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), '/Ask was the al-Omar base attacked?'));
      const [help, sources, answer] = h.sent().map(textOf);
      assert.match(help!, /^I answer questions about military incidents/);
      assert.match(sources!, /^Articles \(5\)/);
      assert.match(answer!, /Eight rockets/);
    });

    it('says the Arabic limit with the right count form', async () => {
      h = harness();
      await h.bot.handleUpdate(textUpdate(amira, PRIVATE(amira), '/help'));
      assert.match(textOf(h.sent()[0]), /بحد أقصى 500 حرف\./);
    });

    it('/help in English, and in English when Telegram gives no language', async () => {
      h = harness();
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), '/help'));
      await h.bot.handleUpdate(textUpdate(anon, PRIVATE(anon), '/help'));
      for (const msg of h.sent()) {
        const seen = textOf(msg);
        assert.match(seen, /^I answer questions about military incidents in eastern Syria/);
        assert.match(seen, /I answer only from those articles and quote the passages I rely on/);
        assert.match(seen, /Examples:\n• What did coalition air strikes hit near al-Mayadin\?/);
      }
    });

    it('/sources lists the articles with title, source and date', async () => {
      h = harness();
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), '/sources'));
      const seen = textOf(h.sent()[0]);
      assert.match(seen, /^Articles \(5\)\n1\. عنب بلدي \(Enab Baladi\), 5 Jan 2022\n/);
      assert.match(
        seen,
        /2\. استهداف قاعدة التحالف بحقل العمر بالصواريخ دون وقوع ضحايا — unknown source, Jan 2022/,
      );
      assert.match(seen, /5\. 963\+, date unknown$/);
    });

    it("/sources in reply to an answer sends that answer's cited passages, after a restart too", async () => {
      h = harness();
      await h.bot.handleUpdate(textUpdate(john, GROUP, '@IncidentQABot was the al-Omar base attacked?'));
      h.restart();
      const command = textUpdate(amira, GROUP, '/sources@IncidentQABot', replyToBot(GROUP, 1001));
      await h.bot.handleUpdate(command);
      const passages = h.sent(GROUP.id)[1];
      // The answer's passages, not the list of every article; in reply to the command, as commands are.
      assert.match(textOf(passages), /^Cited passages \(2\)/);
      assert.ok(String(passages?.payload.text).includes(`<blockquote>${PASSAGES.omar}</blockquote>`));
      assert.equal(
        (passages?.payload.reply_parameters as { message_id: number }).message_id,
        command.message!.message_id,
      );
      // The button pressed just after does not post them again.
      await h.bot.handleUpdate(callbackUpdate(john, GROUP, 'src:1', 1001));
      assert.equal(h.sent(GROUP.id).length, 2);
      // A reply to them follows up on the answer's question.
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      await h.bot.handleUpdate(textUpdate(john, GROUP, 'who fired them?', replyToBot(GROUP, 1002)));
      assert.deepEqual(qa.previous.at(-1), 'was the al-Omar base attacked?');
      // An abstention has none to send; a reply to another message is /sources as ever.
      await h.bot.handleUpdate(textUpdate(john, GROUP, '@IncidentQABot What is the capital of France?'));
      assert.match(textOf(h.sent(GROUP.id).at(-1)), /do not cover this question/);
      await h.bot.handleUpdate(textUpdate(john, GROUP, '/sources', replyToBot(GROUP, 1004)));
      assert.equal(textOf(h.sent(GROUP.id).at(-1)), 'This answer has no cited passages.');
      await h.bot.handleUpdate(textUpdate(john, GROUP, '/sources', replyToBot(GROUP, 999)));
      assert.match(textOf(h.sent(GROUP.id).at(-1)), /^Articles \(5\)/);
    });

    it('/about gives corpus size, date range and embedder', async () => {
      h = harness();
      await h.bot.handleUpdate(textUpdate(amira, PRIVATE(amira), '/about'));
      const seen = textOf(h.sent()[0]);
      assert.match(seen, /المقالات: 5 \(42 مقطعًا\)/);
      assert.match(seen, /التواريخ: كانون الثاني\/يناير 2022\n/);
      assert.match(seen, /نموذج التضمين: lexical-384/);
    });

    it('asks a question written out after a label ("Question:", «سؤال:») without it', async () => {
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Question: what happened at al-Omar?'));
      await h.bot.handleUpdate(textUpdate(amira, PRIVATE(amira), 'سؤال : ماذا حدث في الميادين؟'));
      await h.bot.handleUpdate(textUpdate(john, GROUP, '@IncidentQABot Q - Who is Kirby?'));
      // Words that only begin like one are the question's own.
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Qaim: was it attacked?'));
      assert.deepEqual(qa.calls, [
        'what happened at al-Omar?',
        'ماذا حدث في الميادين؟',
        'Who is Kirby?',
        'Qaim: was it attacked?',
      ]);
      assert.equal(h.log?.get(1)?.question, 'what happened at al-Omar?');
    });

    it('leaves the sign-off under a question out of it: thanks or a closing, then a name', async () => {
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      await h.bot.handleUpdate(
        textUpdate(amira, PRIVATE(amira), 'ماذا حدث في الميادين\n\nمع الشكر،\nأحمد - صحفي'),
      );
      await h.bot.handleUpdate(
        textUpdate(john, PRIVATE(john), 'What happened at al-Omar?\nThanks,\nJohn Smith\nReuters'),
      );
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Where is Mayadin?\nBest regards'));
      // Thanks followed by more of the question is not a sign-off.
      const more = 'Who fired the rockets?\nThanks\nAnd were any soldiers hurt?';
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), more));
      assert.deepEqual(qa.calls, [
        'ماذا حدث في الميادين',
        'What happened at al-Omar?',
        'Where is Mayadin?',
        more,
      ]);
    });

    it('/ask answers the text after it, and asks for a question when there is none', async () => {
      h = harness();
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), '/ask What did the drone strike hit?'));
      assert.deepEqual((h.qa as ReturnType<typeof createFakeQA>).calls, ['What did the drone strike hit?']);
      assert.match(textOf(h.sent()[0]), /Fatemiyoun/);
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), '/ask'));
      assert.match(textOf(h.sent()[1]), /^Please write your question after the command/);
    });
  });

  describe('follow-ups', () => {
    it('reads a reply to an answer with the question it answered, says so, and logs it', async () => {
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      const chat = PRIVATE(john);
      const replyTo = (messageId: number) => replyToBot(chat, messageId);
      await h.bot.handleUpdate(textUpdate(john, chat, 'What happened at <b>al-Omar</b>?'));
      const first = h.sent(john.id).length;
      await h.bot.handleUpdate(textUpdate(john, chat, 'Was anyone hurt?', replyTo(1001)));
      assert.deepEqual(qa.previous, [undefined, 'What happened at <b>al-Omar</b>?']);
      const followUp = h.sent(john.id)[first]!;
      assert.match(textOf(followUp), /^Read as a follow-up to: «What happened at <b>al-Omar<\/b>\?»/);
      // The earlier question is the person's text: escaped, never markup.
      assert.match(String(followUp.payload.text), /&lt;b&gt;al-Omar&lt;\/b&gt;/);
      assert.match(textOf(followUp), /al-Omar oil field \[1\]/, 'answered about what it follows');
      assert.equal(h.log?.get(2)?.follows, 'What happened at <b>al-Omar</b>?');
      assert.equal(h.log?.get(1)?.follows, null);
      // A reply to the follow-up's answer carries the whole conversation.
      await h.bot.handleUpdate(textUpdate(john, chat, 'When?', replyTo(1002)));
      assert.equal(qa.previous[2], 'Was anyone hurt?\nWhat happened at <b>al-Omar</b>?');
      // A reply to a message the bot no longer knows is read on its own.
      await h.bot.handleUpdate(textUpdate(john, chat, 'And at al-Mayadin?', replyTo(999)));
      assert.equal(qa.previous[3], undefined);
      assert.doesNotMatch(textOf(h.sent(john.id).at(-1)), /follow-up/);
    });

    it('sends the cited passages for "what are your sources?" or «ما المصدر؟» in reply to an answer', async () => {
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      const chat = PRIVATE(john);
      await h.bot.handleUpdate(textUpdate(john, chat, 'What happened at al-Omar?'));
      const asked = textUpdate(john, chat, 'What are your sources?', replyToBot(chat, 1001));
      await h.bot.handleUpdate(asked);
      // That answer's passages, in reply to the asking: not searched again (nor counted), not the list.
      assert.deepEqual(qa.calls, ['What happened at al-Omar?']);
      const passages = h.sent(john.id).at(-1);
      assert.match(textOf(passages), /^Cited passages \(2\)/);
      assert.ok(String(passages?.payload.text).includes(`<blockquote>${PASSAGES.omar}</blockquote>`));
      assert.equal(
        (passages?.payload.reply_parameters as { message_id: number }).message_id,
        asked.message!.message_id,
      );
      const amiraChat = PRIVATE(amira);
      await h.bot.handleUpdate(textUpdate(amira, amiraChat, 'ماذا حدث في حقل العمر؟'));
      await h.bot.handleUpdate(textUpdate(amira, amiraChat, 'ما المصدر؟', replyToBot(amiraChat, 1003)));
      assert.equal(qa.calls.length, 2);
      assert.match(textOf(h.sent(amira.id).at(-1)), /^المقاطع المقتبسة \(2\)/);
      // On its own it is a question about the bot.
      await h.bot.handleUpdate(textUpdate(john, chat, 'What are your sources?'));
      assert.equal(qa.calls.length, 2);
      assert.match(textOf(h.sent(john.id).at(-1)), /^Articles \(5\)/);
    });

    it('sends the cited passages for "more details", «المزيد» or "link?" in reply to an answer', async () => {
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      const chat = PRIVATE(john);
      await h.bot.handleUpdate(textUpdate(john, chat, 'What happened at al-Omar?'));
      for (const more of ['More details please', 'link?'])
        await h.bot.handleUpdate(textUpdate(john, chat, more, replyToBot(chat, 1001)));
      const amiraChat = PRIVATE(amira);
      await h.bot.handleUpdate(textUpdate(amira, amiraChat, 'ماذا حدث في حقل العمر؟'));
      await h.bot.handleUpdate(textUpdate(amira, amiraChat, 'المزيد', replyToBot(amiraChat, 1004)));
      // Not searched (an abstention on «details» read as if the articles said no more).
      assert.deepEqual(qa.calls, ['What happened at al-Omar?', 'ماذا حدث في حقل العمر؟']);
      assert.deepEqual(
        [...h.sent(john.id).slice(1), ...h.sent(amira.id).slice(1)].map((m) => textOf(m).split('\n')[0]),
        ['Cited passages (2)', 'Cited passages (2)', 'المقاطع المقتبسة (2)'],
      );
      // On its own, "more" asks the articles, as before.
      await h.bot.handleUpdate(textUpdate(john, chat, 'More details please'));
      assert.equal(qa.calls.length, 3);
    });

    it('reads a reply that quotes part of an answer as a follow-up of the part quoted', async () => {
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      const chat = PRIVATE(john);
      await h.bot.handleUpdate(textUpdate(john, chat, 'Was the al-Omar base attacked?'));
      // The person selects a sentence of the answer and replies to it with their question.
      const quoting = (text: string) => ({ ...replyToBot(chat, 1001), quote: { text, position: 0 } });
      await h.bot.handleUpdate(
        textUpdate(john, chat, 'Who said this?', quoting('Eight rockets fell on the coalition base')),
      );
      assert.equal(qa.previous.at(-1), 'Eight rockets fell on the coalition base');
      assert.match(
        textOf(h.sent(john.id).at(-1)),
        /^Read as a follow-up to: «Eight rockets fell on the coalition base»/,
      );
      assert.equal(h.log?.get(2)?.follows, 'Eight rockets fell on the coalition base');
      // A citation's number quoted says nothing: the answer's question, as for a plain reply.
      await h.bot.handleUpdate(textUpdate(john, chat, 'Where is that?', quoting('[1]')));
      assert.equal(qa.previous.at(-1), 'Was the al-Omar base attacked?');
    });

    it('still reads a reply as a follow-up after a restart, from the answer log', async () => {
      h = harness();
      const chat = PRIVATE(john);
      const replyTo = (messageId: number) => replyToBot(chat, messageId);
      await h.bot.handleUpdate(textUpdate(john, chat, 'What happened at al-Omar?'));
      await h.bot.handleUpdate(textUpdate(john, chat, 'Was anyone hurt?', replyTo(1001)));
      h.restart();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      await h.bot.handleUpdate(textUpdate(john, chat, 'When?', replyTo(1002)));
      assert.equal(qa.previous[2], 'Was anyone hurt?\nWhat happened at al-Omar?');
      assert.match(textOf(h.sent(john.id).at(-1)), /^Read as a follow-up to: «Was anyone hurt\?/);
      assert.equal(h.log?.get(3)?.follows, 'Was anyone hurt?\nWhat happened at al-Omar?');
      // Only from the chat the answer went to: the same message id elsewhere is another message.
      const amiraChat = PRIVATE(amira);
      await h.bot.handleUpdate(textUpdate(amira, amiraChat, 'ومتى؟', replyToBot(amiraChat, 1001)));
      assert.equal(qa.previous[3], undefined);
    });

    it('reads a reply to any message of an answer as its follow-up: each part, the cited passages', async () => {
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      const chat = PRIVATE(john);
      await h.bot.handleUpdate(textUpdate(john, chat, 'Give me the long version'));
      const parts = h.sent().map((_, i) => 1001 + i);
      assert.ok(parts.length >= 2);
      await h.bot.handleUpdate(textUpdate(john, chat, 'And at al-Omar?', replyToBot(chat, parts[0]!)));
      await h.bot.handleUpdate(callbackUpdate(john, chat, 'src:1', parts.at(-1)));
      const passages = h.sent().slice(-1)[0]!;
      assert.match(textOf(passages), /^Cited passages/);
      const passagesId = 1000 + h.sent().length;
      await h.bot.handleUpdate(textUpdate(john, chat, 'Who reported it?', replyToBot(chat, passagesId)));
      assert.deepEqual(qa.previous, [undefined, 'Give me the long version', 'Give me the long version']);
      assert.match(
        textOf(h.sent()[passagesId - 1000]),
        /^Read as a follow-up to: «Give me the long version»/,
      );
      assert.equal(h.log?.get(3)?.follows, 'Give me the long version');
      // After a restart, from the answer log.
      h.restart();
      await h.bot.handleUpdate(textUpdate(john, chat, 'When?', replyToBot(chat, passagesId)));
      assert.equal(qa.previous[3], 'Give me the long version');
      // The introduction, /help and the list of articles belong to no answer: a reply is read on its own.
      for (const text of ['hi', '/help', '/sources']) {
        await h.bot.handleUpdate(textUpdate(john, chat, text));
        const id = 1000 + h.sent().length;
        await h.bot.handleUpdate(textUpdate(john, chat, 'What happened at al-Omar?', replyToBot(chat, id)));
        assert.equal(qa.previous.at(-1), undefined, text);
      }
    });

    it('without the answer log, a reply to the cited passages is a follow-up too', async () => {
      h = harness({ withLog: false });
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      const chat = PRIVATE(amira);
      await h.bot.handleUpdate(textUpdate(amira, chat, 'هل تعرضت قاعدة حقل العمر لهجوم؟'));
      const source = buttons(h.sent()[0]).find((b) => b.text === 'المصادر')?.callback_data ?? '';
      await h.bot.handleUpdate(callbackUpdate(amira, chat, source, 1001));
      await h.bot.handleUpdate(textUpdate(amira, chat, 'ومتى حدث ذلك؟', replyToBot(chat, 1002)));
      assert.deepEqual(qa.previous, [undefined, 'هل تعرضت قاعدة حقل العمر لهجوم؟']);
    });

    it('without the answer log, a restart forgets what earlier answers were asked', async () => {
      h = harness({ withLog: false });
      const chat = PRIVATE(john);
      const reply = replyToBot(chat, 1001);
      await h.bot.handleUpdate(textUpdate(john, chat, 'What happened at al-Omar?'));
      await h.bot.handleUpdate(textUpdate(john, chat, 'Was anyone hurt?', reply));
      h.restart();
      await h.bot.handleUpdate(textUpdate(john, chat, 'Was anyone hurt?', reply));
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      assert.deepEqual(qa.previous, [undefined, 'What happened at al-Omar?', undefined]);
    });
  });

  describe('groups', () => {
    it('ignores messages not addressed to the bot', async () => {
      h = harness();
      await h.bot.handleUpdate(textUpdate(john, GROUP, 'What happened at al-Omar?'));
      await h.bot.handleUpdate(textUpdate(john, GROUP, '/ask@SomeOtherBot What happened at al-Omar?'));
      await h.bot.handleUpdate(messageUpdate(john, GROUP, { sticker: { file_id: 's' } as never }));
      assert.deepEqual(h.calls, []);
    });

    it('answers a mention (without the mention), a reply to the bot, and /ask@bot', async () => {
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      await h.bot.handleUpdate(textUpdate(john, GROUP, '@IncidentQABot was the al-Omar base attacked?'));
      const botMessage = { message_id: 1001, date: 0, chat: GROUP, from: BOT_INFO, text: 'earlier answer' };
      await h.bot.handleUpdate(
        textUpdate(amira, GROUP, 'ماذا عن الميادين؟', { reply_to_message: botMessage as never }),
      );
      await h.bot.handleUpdate(textUpdate(john, GROUP, '/ask@IncidentQABot what did the drone hit?'));
      assert.deepEqual(qa.calls, [
        'was the al-Omar base attacked?',
        'ماذا عن الميادين؟',
        'what did the drone hit?',
      ]);
      const sent = h.sent(GROUP.id);
      assert.equal(sent.length, 3);
      // Answers in groups reply to the question, so it is clear whom they answer.
      for (const m of sent)
        assert.equal(typeof (m.payload.reply_parameters as { message_id: number }).message_id, 'number');
      assert.equal(h.log?.get(1)?.chatType, 'supergroup');
    });

    it('leaves a reply to its answer that opens by naming someone else to them', async () => {
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      await h.bot.handleUpdate(textUpdate(john, GROUP, '@IncidentQABot Was the al-Omar base attacked?'));
      const toSara = '@sara_k see, it was Green Village';
      const mention = { type: 'mention' as const, offset: 0, length: '@sara_k'.length };
      await h.bot.handleUpdate(
        textUpdate(amira, GROUP, toSara, { ...replyToBot(GROUP, 1001), entities: [mention] }),
      );
      const byName = {
        type: 'text_mention' as const,
        offset: 1,
        length: 4,
        user: { id: 77, is_bot: false, first_name: 'Sara' },
      };
      await h.bot.handleUpdate(
        textUpdate(amira, GROUP, ' Sara, look', { ...replyToBot(GROUP, 1001), entities: [byName] }),
      );
      assert.deepEqual(qa.calls, ['Was the al-Omar base attacked?']);
      assert.equal(h.sent(GROUP.id).length, 1);
      // A question to the bot that copies someone in is still its question.
      const cc = { type: 'mention' as const, offset: 'Who fired them? cc '.length, length: '@sara_k'.length };
      await h.bot.handleUpdate(
        textUpdate(amira, GROUP, 'Who fired them? cc @sara_k', {
          ...replyToBot(GROUP, 1001),
          entities: [cc],
        }),
      );
      assert.deepEqual(qa.calls.at(-1), 'Who fired them? cc @sara_k');
    });

    it('leaves out the comma or colon that set its mention off, and the space it stood in', async () => {
      // ", what happened…" was the question searched, logged and shown above a follow-up's answer.
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      const asked = [
        '@IncidentQABot, was the al-Omar base attacked?',
        '@IncidentQABot: was the al-Omar base attacked?',
        'was the al-Omar base attacked, @IncidentQABot?',
        'was the @IncidentQABot al-Omar base attacked?',
      ];
      // By four people: the same question from one person just answered is not answered again.
      for (const [i, text] of asked.entries())
        await h.bot.handleUpdate(textUpdate({ id: 600 + i, language_code: 'en' }, GROUP, text));
      await h.bot.handleUpdate(textUpdate(amira, GROUP, '@IncidentQABot، ماذا حدث في حقل العمر؟'));
      assert.deepEqual(qa.calls, [
        ...Array(4).fill('was the al-Omar base attacked?'),
        'ماذا حدث في حقل العمر؟',
      ]);
      assert.equal(h.log?.get(1)?.question, 'was the al-Omar base attacked?');
    });

    it('reads a photo caption that mentions the bot; a bare mention asks for the question', async () => {
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      const caption = '@IncidentQABot was the al-Omar base attacked?';
      await h.bot.handleUpdate(
        messageUpdate(john, GROUP, {
          photo: [{ file_id: 'f', file_unique_id: 'u', width: 1, height: 1 }],
          caption,
          caption_entities: [{ type: 'mention', offset: 0, length: 14 }],
        }),
      );
      assert.deepEqual(qa.calls, ['was the al-Omar base attacked?']);
      await h.bot.handleUpdate(textUpdate(john, GROUP, '@IncidentQABot'));
      assert.equal(
        textOf(h.sent(GROUP.id)[1]),
        'Please write your question with the mention, for example: @IncidentQABot What happened at the al-Omar oil field?',
      );
      // A photo captioned with the mention alone asks about what it shows: the bot cannot read it.
      await h.bot.handleUpdate(
        messageUpdate(amira, GROUP, {
          photo: [{ file_id: 'f', file_unique_id: 'u', width: 1, height: 1 }],
          caption: '@IncidentQABot',
          caption_entities: [{ type: 'mention', offset: 0, length: 14 }],
        }),
      );
      assert.equal(
        textOf(h.sent(GROUP.id)[2]),
        'أستطيع قراءة الأسئلة المكتوبة فقط. يُرجى كتابة سؤالك بالعربية أو الإنجليزية.',
      );
      assert.equal(qa.calls.length, 1);
      // An edit of a message not addressed to the bot is not for it either.
      const chatter = textUpdate(john, GROUP, 'lunch at noon?');
      await h.bot.handleUpdate(chatter);
      await h.bot.handleUpdate(editedUpdate(chatter, 'lunch at one?'));
      assert.equal(h.sent(GROUP.id).length, 3);
    });

    it("reads a question in reply to someone's message with that message; the mention alone asks it", async () => {
      h = harness({ env: { MAX_QUESTION_CHARS: '100' } });
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      const report = 'Eight rockets hit the coalition base at al-Omar this morning';
      const colleague = { message_id: 4242, date: 0, chat: GROUP, text: report };
      const from = { id: 800, is_bot: false, first_name: 'Colleague' };
      const replying = (text: string, extra: object = {}, person = john) =>
        textUpdate(person, GROUP, text, { reply_to_message: { ...colleague, from } as never, ...extra });
      // "Who fired them?" alone was searched without what it asked about.
      await h.bot.handleUpdate(replying('@IncidentQABot who fired them?'));
      assert.deepEqual(qa.calls, ['who fired them?']);
      assert.deepEqual(qa.previous, [report]);
      assert.match(textOf(h.sent(GROUP.id)[0]), new RegExp(`^Read as a follow-up to: «${report}»`));
      assert.equal(h.log?.get(1)?.follows, report);
      // The mention or /ask alone asked the person to write a question: it asks the message.
      await h.bot.handleUpdate(replying('@IncidentQABot'));
      // (By someone else: the same question from one person just answered is not answered again.)
      await h.bot.handleUpdate(replying('/ask@IncidentQABot', {}, { id: 600, language_code: 'en' }));
      // A reply that quotes part of the message asks that part.
      await h.bot.handleUpdate(
        replying('@IncidentQABot', { quote: { text: 'coalition base at al-Omar', position: 20 } }),
      );
      assert.deepEqual(qa.calls.slice(1), [report, report, 'coalition base at al-Omar']);
      assert.deepEqual(qa.previous.slice(1), [undefined, undefined, undefined]);
      assert.match(textOf(h.sent(GROUP.id)[1]), /^You asked: “Eight rockets hit/);
      // A message too long to ask whole says how to ask about it.
      const long = { message_id: 4243, date: 0, chat: GROUP, from, text: `${report}. `.repeat(3) };
      await h.bot.handleUpdate(
        textUpdate(amira, GROUP, '@IncidentQABot', { reply_to_message: long as never }),
      );
      assert.equal(qa.calls.length, 4);
      assert.match(
        textOf(h.sent(GROUP.id)[4]),
        /^الرسالة التي رددت عليها من 185 حرفًا، والحد الأقصى 100\. اقتبس/,
      );
      // A message without text (a photo) gives nothing to ask: the mention still asks for a question.
      const photo = { message_id: 4244, date: 0, chat: GROUP, from, photo: [] };
      await h.bot.handleUpdate(
        textUpdate(john, GROUP, '@IncidentQABot', { reply_to_message: photo as never }),
      );
      assert.match(textOf(h.sent(GROUP.id)[5]), /^Please write your question with the mention/);
    });

    it("reads a colleague's question to the bot, replied to, without the bot's mention or command", async () => {
      // Asked whole, "@IncidentQABot was the al-Omar base attacked?" was abstained on: the articles
      // say nothing of «incidentqabot». And "/ask@IncidentQABot …" was shown above the answer.
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      const from = { id: 800, is_bot: false, first_name: 'Colleague' };
      const colleague = (text: string) =>
        textUpdate(from, GROUP, text).message as Message.TextMessage & { from: typeof from };
      const mentioned = colleague('@IncidentQABot, was the al-Omar base attacked?');
      const command = colleague('/ask@IncidentQABot what did the drone hit?');
      const replying = (to: Message, text: string, extra: object = {}) =>
        textUpdate(john, GROUP, text, { reply_to_message: to as never, ...extra });
      await h.bot.handleUpdate(replying(mentioned, '@IncidentQABot'));
      await h.bot.handleUpdate(replying(mentioned, '@IncidentQABot who fired them?'));
      await h.bot.handleUpdate(replying(command, '@IncidentQABot'));
      await h.bot.handleUpdate(replying(command, '@IncidentQABot who claimed it?'));
      // A quote keeps no mention entities: the mention is found by name.
      const quote = { text: '@IncidentQABot, was the al-Omar base attacked', position: 0 };
      await h.bot.handleUpdate(replying(mentioned, '@IncidentQABot', { quote }));
      assert.deepEqual(qa.calls, [
        'was the al-Omar base attacked?',
        'who fired them?',
        'what did the drone hit?',
        'who claimed it?',
        'was the al-Omar base attacked',
      ]);
      assert.deepEqual(qa.previous, [
        undefined,
        'was the al-Omar base attacked?',
        undefined,
        'what did the drone hit?',
        undefined,
      ]);
      assert.match(textOf(h.sent(GROUP.id)[1]), /^Read as a follow-up to: «was the al-Omar base attacked\?»/);
    });

    it("does not answer a channel's post that Telegram copies into its discussion group", async () => {
      h = harness();
      const channel = asChannel(-1001);
      const post = textUpdate(anon, GROUP, 'Questions about last night? Ask @IncidentQABot', {
        ...channel,
        from: { id: 777000, is_bot: false, first_name: 'Telegram' },
        is_automatic_forward: true,
      } as never);
      await h.bot.handleUpdate(post);
      assert.deepEqual(h.calls, []);
      // A member's comment under it that mentions the bot is a question.
      await h.bot.handleUpdate(textUpdate(john, GROUP, '@IncidentQABot was the al-Omar base attacked?'));
      assert.match(textOf(h.sent(GROUP.id)[0]), /Eight rockets/);
    });

    it('does not take a mention or command in a message forwarded into a group as addressed to it', async () => {
      h = harness();
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      const origin = {
        type: 'user',
        date: 0,
        sender_user: { id: 900, is_bot: false, first_name: 'Someone' },
      };
      const forwarded = (text: string) => textUpdate(john, GROUP, text, { forward_origin: origin } as never);
      await h.bot.handleUpdate(forwarded('I asked @IncidentQABot about the al-Omar base'));
      await h.bot.handleUpdate(forwarded('/sources@IncidentQABot'));
      assert.deepEqual(h.calls, []);
      // A reply to it with the mention asks about it; in a private chat a forward is a question.
      const post = forwarded('Rockets hit the al-Omar base').message!;
      await h.bot.handleUpdate(
        textUpdate(john, GROUP, '@IncidentQABot', { reply_to_message: post as never }),
      );
      await h.bot.handleUpdate(
        textUpdate(john, PRIVATE(john), 'What happened at al-Mayadin?', { forward_origin: origin } as never),
      );
      assert.deepEqual(qa.calls, ['Rockets hit the al-Omar base', 'What happened at al-Mayadin?']);
    });

    it('says once, in the language of whoever added it, how to ask it in a group', async () => {
      h = harness();
      const otherGroup = { id: -100888, type: 'supergroup' as const, title: 'Mayadin news' };
      await h.bot.handleUpdate(messageUpdate(john, GROUP, { new_chat_members: [BOT_INFO] }));
      await h.bot.handleUpdate(messageUpdate(amira, otherGroup, { new_chat_members: [BOT_INFO] }));
      // Others joining, the bot among others, or a question typed with no mention: nothing new.
      const person = { id: 700, is_bot: false, first_name: 'New' };
      await h.bot.handleUpdate(messageUpdate(john, GROUP, { new_chat_members: [person] }));
      await h.bot.handleUpdate(textUpdate(john, GROUP, 'What happened at al-Omar?'));
      assert.equal(h.sent().length, 2);
      assert.match(
        textOf(h.sent(GROUP.id)[0]),
        /^Hello! I answer questions about military incidents in eastern Syria.*mention @IncidentQABot with your question, reply to one of my messages, or use \/ask\./,
      );
      assert.match(textOf(h.sent(otherGroup.id)[0]), /^أهلًا! أجيب عن أسئلة.*اذكرني @IncidentQABot مع سؤالك/);
    });

    it('does not follow its word to a group that has just added it with the help for the app’s /start', async () => {
      // Added from its profile, or by a ?startgroup= link, the person's app sends "/start@bot"
      // (with the link's payload) right after: the help followed the word, two introductions.
      let now = 1_000_000;
      h = harness({ now: () => now });
      await h.bot.handleUpdate(messageUpdate(john, GROUP, { new_chat_members: [BOT_INFO] }));
      await h.bot.handleUpdate(textUpdate(john, GROUP, '/start@IncidentQABot newsroom'));
      assert.equal(h.sent(GROUP.id).length, 1);
      assert.match(textOf(h.sent(GROUP.id)[0]), /^Hello! I answer questions/);
      // /help asked is answered; so is /start later, and /start in a private chat.
      await h.bot.handleUpdate(textUpdate(john, GROUP, '/help@IncidentQABot'));
      now += JOINED_START_MS;
      await h.bot.handleUpdate(textUpdate(john, GROUP, '/start@IncidentQABot'));
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), '/start newsroom'));
      assert.equal(h.sent(GROUP.id).length, 3);
      assert.match(textOf(h.sent(john.id)[0]), /^I answer questions/);
    });

    it('answers /help in a group', async () => {
      h = harness();
      await h.bot.handleUpdate(textUpdate(john, GROUP, '/help@IncidentQABot'));
      assert.match(textOf(h.sent(GROUP.id)[0]), /In groups, mention @IncidentQABot/);
    });

    it('answers every command in reply to it, so a busy group sees who asked', async () => {
      h = harness();
      const commands = ['/help@IncidentQABot', '/start', '/sources', '/about@IncidentQABot', '/frobnicate'];
      const asked = commands.map((text) => textUpdate(john, GROUP, text));
      for (const update of asked) await h.bot.handleUpdate(update);
      // In a private chat too, as answers, greetings and notices there already are.
      const privately = textUpdate(amira, PRIVATE(amira), '/sources');
      await h.bot.handleUpdate(privately);
      const replied = (m: (typeof h.calls)[number] | undefined) =>
        (m?.payload.reply_parameters as { message_id: number } | undefined)?.message_id;
      assert.deepEqual(
        h.sent(GROUP.id).map(replied),
        asked.map((u) => u.message!.message_id),
      );
      assert.equal(replied(h.sent(amira.id)[0]), privately.message!.message_id);
    });
  });

  describe('long answers', () => {
    it('splits under 4096 characters with buttons on the last part only', async () => {
      h = harness();
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Give me the long version'));
      const sent = h.sent();
      assert.ok(sent.length >= 2, `${sent.length} parts`);
      for (const m of sent) assert.ok(String(m.payload.text).length < 4096);
      sent.slice(0, -1).forEach((m) => assert.equal(m.payload.reply_markup, undefined));
      assert.deepEqual(
        buttons(sent.at(-1)).map((b) => b.callback_data),
        ['fb:up:1', 'fb:down:1', 'src:1'],
      );
      assert.ok(sent[0]?.payload.reply_parameters);
      assert.equal(sent[1]?.payload.reply_parameters, undefined);
      const seen = sent.map((m) => textOf(m)).join('\n\n');
      assert.equal(seen.split(PASSAGES.mayadin).length - 1, 30);
    });
  });

  describe('markup in text', () => {
    it('shows HTML and Markdown in a question and in article text literally', async () => {
      const passage = 'نص <i>مائل</i> & *نجمة* _خط_ [رابط](y)';
      h = harness({ qa: createFakeQA({ mayadinPassage: passage }) });
      const question = 'Mayadin <b>bold</b> & *stars* _under_ [link](http://x) `code`';
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), question));
      const [msg] = h.sent();
      assert.equal(msg?.payload.parse_mode, 'HTML');
      assert.ok(!String(msg?.payload.text).includes('<b>bold'));
      assert.ok(textOf(msg).includes(question));
      assert.equal(h.log?.get(1)?.question, question);
      await h.bot.handleUpdate(callbackUpdate(john, PRIVATE(john), 'src:1'));
      const sources = h.sent()[1];
      assert.ok(!String(sources?.payload.text).includes('<i>مائل'));
      assert.ok(textOf(sources).includes(passage));
    });
  });

  describe('callbacks', () => {
    it('records 👍 from the asker; a later 👎 replaces it', async () => {
      h = harness();
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Was the al-Omar base attacked?'));
      await h.bot.handleUpdate(callbackUpdate(john, PRIVATE(john), 'fb:up:1'));
      assert.equal(h.answers()[0]?.payload.text, 'Thank you for your feedback!');
      assert.equal(h.log?.get(1)?.feedback, 'up');
      await h.bot.handleUpdate(callbackUpdate(john, PRIVATE(john), 'fb:down:1'));
      assert.equal(h.log?.get(1)?.feedback, 'down');
      // A 👎 is told how to say what is wrong; said so, it is kept for the moderators.
      assert.equal(
        h.answers()[1]?.payload.text,
        'Thank you for your feedback! To tell the moderators what is wrong, reply to the answer: “Wrong: …”.',
      );
      await h.bot.handleUpdate(
        textUpdate(john, PRIVATE(john), 'Wrong: it was on the 4th', replyToBot(PRIVATE(john), 1001)),
      );
      assert.equal(h.log?.get(1)?.feedbackComment, 'Wrong: it was on the 4th');
      assert.equal((h.qa as ReturnType<typeof createFakeQA>).calls.length, 1);
    });

    it('"sources" sends the full cited passages', async () => {
      h = harness();
      await h.bot.handleUpdate(textUpdate(amira, PRIVATE(amira), 'هل تعرضت قاعدة حقل العمر لهجوم؟'));
      await h.bot.handleUpdate(callbackUpdate(amira, PRIVATE(amira), 'src:1'));
      assert.deepEqual(h.answers()[0]?.payload, {
        callback_query_id: h.answers()[0]?.payload.callback_query_id,
      });
      const html = String(h.sent()[1]?.payload.text);
      assert.ok(html.includes(`<blockquote>${PASSAGES.omar}</blockquote>`));
      assert.ok(html.includes(`<blockquote>${PASSAGES.omarSy24}</blockquote>`));
    });

    it('"sources" pressed again just after sends the passages once, and says where they are', async () => {
      let now = 1_000_000;
      h = harness({ now: () => now });
      await h.bot.handleUpdate(textUpdate(john, GROUP, '@IncidentQABot was the al-Omar base attacked?'));
      // A double tap, then someone else in the group: the passages were posted three times.
      await h.bot.handleUpdate(callbackUpdate(john, GROUP, 'src:1', 1001));
      await h.bot.handleUpdate(callbackUpdate(john, GROUP, 'src:1', 1001));
      await h.bot.handleUpdate(callbackUpdate(amira, GROUP, 'src:1', 1001));
      assert.equal(h.sent(GROUP.id).filter((m) => /^Cited passages/.test(textOf(m))).length, 1);
      assert.deepEqual(
        h.answers().map((a) => a.payload.text),
        [
          undefined,
          'The cited passages were sent just now, in reply to this answer.',
          'أُرسلت المقاطع المقتبسة للتو، ردًّا على هذه الإجابة.',
        ],
      );
      // Some minutes later they may be far up the chat: sent again.
      now += 2 * 60_000;
      await h.bot.handleUpdate(callbackUpdate(amira, GROUP, 'src:1', 1001));
      assert.equal(h.sent(GROUP.id).filter((m) => /^Cited passages/.test(textOf(m))).length, 2);
    });

    it('"sources" pressed again just after a restart sends the passages once too, the log says when', async () => {
      let now = 1_000_000;
      h = harness({ now: () => now });
      await h.bot.handleUpdate(textUpdate(john, GROUP, '@IncidentQABot was the al-Omar base attacked?'));
      await h.bot.handleUpdate(callbackUpdate(john, GROUP, 'src:1', 1001));
      // The bot restarted (a deployment) between a double tap's two presses: memory is empty.
      h.restart();
      now += 30_000;
      await h.bot.handleUpdate(callbackUpdate(amira, GROUP, 'src:1', 1001));
      const passages = () => h.sent(GROUP.id).filter((m) => /^Cited passages/.test(textOf(m))).length;
      assert.equal(passages(), 1);
      assert.equal(h.answers().at(-1)?.payload.text, 'أُرسلت المقاطع المقتبسة للتو، ردًّا على هذه الإجابة.');
      // Some minutes after they were sent, they may be far up the chat: sent again.
      now += 2 * 60_000;
      await h.bot.handleUpdate(callbackUpdate(amira, GROUP, 'src:1', 1001));
      assert.equal(passages(), 2);
    });

    it('"sources" sends the passages in reply to the answer they are for', async () => {
      h = harness();
      await h.bot.handleUpdate(textUpdate(john, GROUP, '@IncidentQABot was the al-Omar base attacked?'));
      await h.bot.handleUpdate(textUpdate(amira, GROUP, '@IncidentQABot ماذا حدث في الميادين؟'));
      // Pressed on the first answer after the second came: the reply link says which answer.
      await h.bot.handleUpdate(callbackUpdate(amira, GROUP, 'src:1', 1001));
      const passages = h.sent(GROUP.id)[2];
      assert.match(textOf(passages), /^Cited passages \(2\)/);
      assert.equal((passages?.payload.reply_parameters as { message_id: number }).message_id, 1001);
    });

    it('sends the passages and records the rating of a press too old for Telegram to take an answer', async () => {
      // A press made while the bot was down arrives when it starts again; answering it then fails
      // ("query is too old"), and that failure lost the passages it asked for.
      h = harness({ failing: ['answerCallbackQuery'] });
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Was the al-Omar base attacked?'));
      await h.bot.handleUpdate(callbackUpdate(john, PRIVATE(john), 'src:1'));
      await h.bot.handleUpdate(callbackUpdate(john, PRIVATE(john), 'fb:up:1'));
      assert.match(textOf(h.sent()[1]), /^Cited passages \(2\)/);
      assert.equal(h.log?.get(1)?.feedback, 'up');
      assert.deepEqual(
        h.logger.lines.map((l) => [l.level, l.msg]),
        Array(2).fill(['warn', 'could not answer the button press']),
      );
    });

    it('recognises the buttons of a group’s answers pressed in the supergroup it became', async () => {
      const group = { id: -555, type: 'group' as const, title: 'Deir ez-Zor desk' };
      const supergroup = { id: -100555, type: 'supergroup' as const, title: 'Deir ez-Zor desk' };
      const elsewhere = { id: -100666, type: 'supergroup' as const, title: 'Another desk' };
      h = harness();
      await h.bot.handleUpdate(
        textUpdate(john, group as never, '@IncidentQABot was the al-Omar base attacked?'),
      );
      assert.deepEqual(
        buttons(h.sent()[0]).map((b) => b.callback_data),
        ['fb:up:1', 'fb:down:1', 'src:1'],
      );
      // Telegram says so in the supergroup (migrate_from_chat_id); the group's messages are shown there.
      await h.bot.handleUpdate(messageUpdate(john, supergroup as never, { migrate_from_chat_id: group.id }));
      await h.bot.handleUpdate(callbackUpdate(john, supergroup as never, 'src:1'));
      await h.bot.handleUpdate(callbackUpdate(john, supergroup as never, 'fb:up:1'));
      assert.match(textOf(h.sent(supergroup.id)[0]), /^Cited passages \(2\)/);
      assert.equal(h.log?.get(1)?.feedback, 'up');
      // After a restart too, from the answer log; and still not in a chat the group did not become.
      h.restart();
      await h.bot.handleUpdate(callbackUpdate(john, supergroup as never, 'fb:down:1'));
      await h.bot.handleUpdate(callbackUpdate(john, elsewhere as never, 'fb:up:1'));
      assert.deepEqual(
        h.answers().map((a) => a.payload.text),
        [
          undefined,
          'Thank you for your feedback!',
          'Thank you for your feedback! To tell the moderators what is wrong, reply to the answer: “Wrong: …”.',
          'Sorry, I do not recognise this button.',
        ],
      );
      assert.equal(h.log?.get(1)?.feedback, 'down');
    });

    it('without the answer log, a group’s "sources" buttons work in the supergroup it became', async () => {
      const group = { id: -556, type: 'group' as const, title: 'Mayadin desk' };
      const supergroup = { id: -100556, type: 'supergroup' as const, title: 'Mayadin desk' };
      h = harness({ withLog: false });
      await h.bot.handleUpdate(
        textUpdate(john, group as never, '@IncidentQABot was the al-Omar base attacked?'),
      );
      const [data] = buttons(h.sent()[0]).map((b) => b.callback_data);
      assert.match(data!, /^src:m\d+$/);
      // Here Telegram says so in the group (migrate_to_chat_id).
      await h.bot.handleUpdate(messageUpdate(john, group as never, { migrate_to_chat_id: supergroup.id }));
      await h.bot.handleUpdate(callbackUpdate(john, supergroup as never, data!));
      assert.match(textOf(h.sent(supergroup.id)[0]), /^Cited passages \(2\)/);
    });

    it('answers forged, unknown, foreign and stale callbacks politely', async () => {
      let clock = new Date('2024-06-01T00:00:00Z');
      h = harness({ logNow: () => clock, env: { LOG_RETENTION_DAYS: '30' } });
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Was the al-Omar base attacked?'));
      const cases: [ReturnType<typeof callbackUpdate>, string][] = [
        [
          callbackUpdate(john, PRIVATE(john), 'fb:up:1;DROP TABLE answers'),
          'Sorry, I do not recognise this button.',
        ],
        [callbackUpdate(john, PRIVATE(john), 'fb:sideways:1'), 'Sorry, I do not recognise this button.'],
        [callbackUpdate(john, PRIVATE(john), 'fb:up:999'), 'Sorry, this answer is no longer available.'],
        [callbackUpdate(john, PRIVATE(john), 'src:m7'), 'Sorry, this answer is no longer available.'],
        [
          callbackUpdate({ id: 777, language_code: 'en' }, PRIVATE(john), 'fb:up:1'),
          'Only the person who asked can rate this answer.',
        ],
        [callbackUpdate(john, PRIVATE({ id: 999 }), 'src:1'), 'Sorry, I do not recognise this button.'],
        [callbackUpdate(amira, PRIVATE(john), 'fb:down:1'), 'يمكن لصاحب السؤال وحده تقييم هذه الإجابة.'],
      ];
      for (const [update] of cases) await h.bot.handleUpdate(update);
      assert.deepEqual(
        h.answers().map((a) => a.payload.text),
        cases.map(([, text]) => text),
      );
      assert.equal(h.log?.get(1)?.feedback, null);
      clock = new Date('2024-07-15T00:00:00Z');
      await h.bot.handleUpdate(callbackUpdate(john, PRIVATE(john), 'fb:up:1'));
      assert.equal(h.answers().at(-1)?.payload.text, 'Sorry, this answer is too old; please ask again.');
      assert.equal(h.log?.get(1)?.feedback, null);
      assert.equal(h.sent().length, 1);
    });

    it("lets a group's admins rate an answer asked anonymously as the group, or as a channel", async () => {
      const boss = { id: 601, language_code: 'en' };
      const owner = { id: 602, language_code: 'ar' };
      const statuses: Record<number, string> = { [boss.id]: 'administrator', [owner.id]: 'creator' };
      h = harness({ memberStatus: (_chat, user) => statuses[user] ?? 'member' });
      const ask = (text: string, sender: object) =>
        h.bot.handleUpdate(textUpdate(anon, GROUP, `@IncidentQABot ${text}`, sender as never));
      const press = async (person: typeof john, data: string) => {
        await h.bot.handleUpdate(callbackUpdate(person, GROUP, data));
        return h.answers().at(-1)?.payload.text;
      };
      // Asked by an anonymous admin: the press carries the admin's own id, never GroupAnonymousBot's.
      await ask('was the al-Omar base attacked?', anonymousAdmin(GROUP));
      assert.equal(await press(boss, 'fb:up:1'), 'Thank you for your feedback!');
      assert.equal(h.log?.get(1)?.feedback, 'up');
      const checked = h.calls.filter((c) => c.method === 'getChatMember').map((c) => c.payload);
      assert.deepEqual(checked, [{ chat_id: GROUP.id, user_id: boss.id }]);
      // The group's creator too; a member who is not an admin is told why not.
      assert.equal(await press(owner, 'fb:down:1'), 'شكرًا على تقييمك!');
      assert.equal(h.log?.get(1)?.feedback, 'down');
      assert.equal(
        await press(john, 'fb:up:1'),
        'This question was asked on behalf of a chat: only the admins of this group can rate the answer.',
      );
      assert.equal(h.log?.get(1)?.feedback, 'down');
      // Sent on behalf of a channel (a linked channel's discussion group): this group's admins rate it.
      await ask('what did the drone hit?', asChannel(-1001));
      assert.equal(await press(boss, 'fb:up:2'), 'Thank you for your feedback!');
      assert.equal(h.log?.get(2)?.feedback, 'up');
      // The log knows each was asked as a chat, by keyed hash; a person's question is only theirs,
      // an admin's press on it asks Telegram nothing.
      assert.equal(h.log?.get(1)?.askerChatHash, h.log?.hashChat(GROUP.id));
      assert.equal(h.log?.get(2)?.askerChatHash, h.log?.hashChat(-1001));
      await h.bot.handleUpdate(textUpdate(john, GROUP, '@IncidentQABot was the al-Omar base attacked?'));
      assert.equal(h.log?.get(3)?.askerChatHash, null);
      const calls = h.calls.length;
      assert.equal(await press(boss, 'fb:up:3'), 'Only the person who asked can rate this answer.');
      assert.equal(h.calls.filter((c) => c.method === 'getChatMember').length, 4);
      assert.equal(h.calls.length, calls + 1);
      assert.equal(await press(john, 'fb:up:3'), 'Thank you for your feedback!');
    });

    it('answers a rating press when Telegram cannot say whether the presser is an admin', async () => {
      h = harness({ failing: ['getChatMember'] });
      await h.bot.handleUpdate(
        textUpdate(
          anon,
          GROUP,
          '@IncidentQABot was the al-Omar base attacked?',
          anonymousAdmin(GROUP) as never,
        ),
      );
      await h.bot.handleUpdate(callbackUpdate(john, GROUP, 'fb:up:1'));
      assert.deepEqual(
        h.answers().map((a) => a.payload.text),
        ['Sorry, feedback could not be recorded for this answer.'],
      );
      assert.equal(h.log?.get(1)?.feedback, null);
      assert.equal(
        h.logger.lines.find((l) => l.level === 'error'),
        undefined,
      );
      assert.equal(
        h.logger.lines[0]?.msg,
        'could not check whether the person rating is an admin of the chat',
      );
    });

    it('parses callback data strictly', () => {
      assert.deepEqual(parseCallbackData('fb:up:12'), { action: 'up', id: 12 });
      assert.deepEqual(parseCallbackData('src:m3'), { action: 'src', store: 'memory', id: 3 });
      for (const bad of [
        'fb:up:0',
        'fb:up:-1',
        'fb:up:01',
        'src:',
        'src:1 ',
        'fb:up:1e3',
        'x'.repeat(64),
        'fb:up:9999999999999999',
      ]) {
        assert.equal(parseCallbackData(bad), null, bad);
      }
    });
  });

  describe('limits and failures', () => {
    it('rate-limits per person with one polite reply, then recovers', async () => {
      let now = 1_000_000;
      h = harness({ env: { RATE_LIMIT_PER_MINUTE: '2' }, now: () => now });
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      for (let i = 0; i < 4; i++)
        await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), `Omar question ${i}`));
      await h.bot.handleUpdate(textUpdate(amira, PRIVATE(amira), 'ماذا حدث في العمر؟'));
      assert.equal(qa.calls.length, 3);
      const johns = h.sent(john.id);
      assert.equal(johns.length, 3);
      assert.equal(
        textOf(johns[2]),
        'You are asking faster than I can answer (at most 2 questions a minute). Please wait a moment and try again.',
      );
      now += 61_000;
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Omar again'));
      assert.equal(qa.calls.at(-1), 'Omar again');
    });

    it('points a person who sends the same question again to the answer just sent, once', async () => {
      // Thinking the bot slow, a person sent the question four times and got four copies of the
      // same long answer (in a group, four of the bot's 20 messages a minute there).
      let now = 1_000_000;
      h = harness({ env: { RATE_LIMIT_PER_MINUTE: '3' }, now: () => now });
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      const asked = '@IncidentQABot was the al-Omar base attacked?';
      await Promise.all(
        [asked, asked, `${asked.toUpperCase()} `, asked].map((text) =>
          h.bot.handleUpdate(textUpdate(john, GROUP, text)),
        ),
      );
      assert.deepEqual(qa.calls, ['was the al-Omar base attacked?']);
      const [answer, notice, ...rest] = h.sent(GROUP.id);
      assert.match(textOf(answer), /Eight rockets/);
      assert.equal(rest.length, 0, 'one pointer, then silence');
      assert.equal(textOf(notice), 'I answered this question just now: this is my answer.');
      assert.equal((notice?.payload.reply_parameters as { message_id: number }).message_id, 1001);
      // Someone else asking it is answered; so is the same words following up on another answer,
      // and the question itself once the pointer is out of date. None of the copies counted.
      await h.bot.handleUpdate(textUpdate(amira, GROUP, asked));
      await h.bot.handleUpdate(
        textUpdate(john, GROUP, 'was the al-Omar base attacked?', replyToBot(GROUP, 1003)),
      );
      now += REPEAT_WINDOW_MS;
      await h.bot.handleUpdate(textUpdate(john, GROUP, asked));
      assert.equal(qa.calls.length, 4);
      assert.doesNotMatch(textOf(h.sent(GROUP.id).at(-1)), /faster|just now/);
    });

    it('counts only searched questions against the limit, not commands or small talk', async () => {
      h = harness({ env: { RATE_LIMIT_PER_MINUTE: '2' }, now: () => 1_000_000 });
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      for (const text of ['/start', '/help', '/sources', 'hi', '👍', 'what can you do?', 'ok thanks'])
        await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), text));
      const asked = textUpdate(john, PRIVATE(john), 'Omar question');
      await h.bot.handleUpdate(asked);
      // An edit that asks again is searched again, so it counts.
      await h.bot.handleUpdate(editedUpdate(asked, 'Omar question, edited'));
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Omar question 3'));
      assert.deepEqual(qa.calls, ['Omar question', 'Omar question, edited']);
      const johns = h.sent(john.id).map(textOf);
      assert.equal(johns.length, 10);
      assert.match(
        johns.at(-1)!,
        /^You are asking faster than I can answer \(at most 2 questions a minute\)/,
      );
      assert.equal(johns.filter((t) => /faster/.test(t)).length, 1);
    });

    it('still stops a flood of commands, at a looser limit of its own', async () => {
      let now = 1_000_000;
      h = harness({ env: { RATE_LIMIT_PER_MINUTE: '2' }, now: () => now });
      for (let i = 0; i < 22; i++) await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), '/help'));
      const johns = h.sent(john.id).map(textOf);
      assert.equal(johns.length, 21, '20 replies, one notice, then silence');
      assert.ok(johns.slice(0, 20).every((t) => /^I answer questions/.test(t)));
      assert.equal(
        johns[20],
        'You are sending messages faster than I can reply. Please wait a minute and try again.',
      );
      // Questions are refused too while the flood lasts; another person is not affected.
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Omar question'));
      await h.bot.handleUpdate(textUpdate(amira, PRIVATE(amira), '/help'));
      assert.equal(h.sent(john.id).length, 21);
      assert.match(textOf(h.sent(amira.id)[0]), /^أجيب عن أسئلة/);
      now += 61_000;
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Omar question'));
      assert.match(textOf(h.sent(john.id)[21]), /Eight rockets/);
    });

    it('tells a person in a burst of questions to slow down once, not again at the flood limit', async () => {
      // 25 questions in a minute: told at the third (2 a minute), then again at the 21st, by the
      // flood limit, about the same burst.
      const now = 1_000_000;
      h = harness({ env: { RATE_LIMIT_PER_MINUTE: '2' }, now: () => now });
      for (let i = 0; i < 25; i++)
        await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), `Omar question ${i}`));
      const johns = h.sent(john.id).map(textOf);
      assert.equal(johns.length, 3);
      assert.match(johns[2]!, /^You are asking faster than I can answer/);
    });

    it('counts button presses against the flood limit, answering each press refused with a notice', async () => {
      let now = 1_000_000;
      h = harness({ env: { RATE_LIMIT_PER_MINUTE: '2' }, now: () => now });
      const chat = PRIVATE(john);
      await h.bot.handleUpdate(textUpdate(john, chat, 'Was the al-Omar base attacked?'));
      // The question was one of the 20; "sources" pressed in a loop sends the passages once (then
      // says they were sent just now) and is the other 19.
      for (let i = 0; i < 21; i++) await h.bot.handleUpdate(callbackUpdate(john, chat, 'src:1', 1001));
      await h.bot.handleUpdate(callbackUpdate(john, chat, 'fb:up:1'));
      await h.bot.handleUpdate(callbackUpdate(amira, chat, 'fb:up:1'));
      assert.equal(h.sent(john.id).length, 2);
      assert.equal(h.log?.get(1)?.feedback, null, 'a refused rating is not written');
      // Every press is answered (no spinner left); those refused say why, in the presser's language.
      const texts = h.answers().map((a) => a.payload.text);
      assert.equal(texts.length, 23);
      assert.deepEqual(texts.slice(0, 19), [
        undefined,
        ...Array<string>(18).fill('The cited passages were sent just now, in reply to this answer.'),
      ]);
      assert.deepEqual(
        texts.slice(19, 22),
        Array<string>(3).fill('Too many requests at once. Please wait a minute and try again.'),
      );
      assert.equal(
        texts[22],
        'يمكن لصاحب السؤال وحده تقييم هذه الإجابة.',
        'another person has a budget of their own',
      );
      // A message is refused too while it lasts (the presses were told already), then all is as before.
      await h.bot.handleUpdate(textUpdate(john, chat, '/help'));
      assert.equal(h.sent(john.id).length, 2);
      now += 61_000;
      await h.bot.handleUpdate(callbackUpdate(john, chat, 'fb:up:1'));
      assert.equal(h.answers().at(-1)?.payload.text, 'Thank you for your feedback!');
      assert.equal(h.log?.get(1)?.feedback, 'up');
    });

    it('limits an anonymous admin or a channel by the chat it posts as, each with a budget of its own', async () => {
      h = harness({ env: { RATE_LIMIT_PER_MINUTE: '2' }, now: () => 1_000_000 });
      const otherGroup = { id: -100888, type: 'supergroup' as const, title: 'Mayadin news' };
      // Telegram's senders: an anonymous admin posts as the group, a channel's message as the channel.
      const help = (chat: typeof GROUP, extra: object) =>
        h.bot.handleUpdate(textUpdate(anon, chat, '/help@IncidentQABot', extra as never));
      for (let i = 0; i < 22; i++) await help(GROUP, anonymousAdmin(GROUP));
      assert.equal(h.sent(GROUP.id).length, 21, 'limited: 20 replies, one notice, then silence');
      assert.match(textOf(h.sent(GROUP.id)[20]), /^You are sending messages faster than I can reply/);
      // Another group's anonymous admins, and a member of the same group, have budgets of their own.
      await help(otherGroup, anonymousAdmin(otherGroup));
      assert.equal(h.sent(otherGroup.id).length, 1);
      await h.bot.handleUpdate(textUpdate(john, GROUP, '/help@IncidentQABot'));
      assert.equal(h.sent(GROUP.id).length, 22);
      // So do two channels posting in a group; their searched questions are counted the same way.
      for (let i = 0; i < 3; i++)
        await h.bot.handleUpdate(
          textUpdate(anon, otherGroup, `@IncidentQABot Omar ${i}`, asChannel(-1001) as never),
        );
      await h.bot.handleUpdate(
        textUpdate(anon, otherGroup, '@IncidentQABot Omar', asChannel(-1002) as never),
      );
      const qa = h.qa as ReturnType<typeof createFakeQA>;
      assert.deepEqual(qa.calls, ['Omar 0', 'Omar 1', 'Omar']);
    });

    it('apologises for an error, logs it with the update id, and keeps running', async () => {
      h = harness();
      const update = textUpdate(john, PRIVATE(john), 'boom: what happened?');
      await h.bot.handleUpdate(update);
      assert.equal(
        textOf(h.sent()[0]),
        'Sorry, something went wrong while answering. Please try again in a moment.',
      );
      const err = h.logger.lines.find((l) => l.level === 'error');
      assert.equal(err?.msg, 'update failed');
      assert.equal(err?.fields?.update_id, update.update_id);
      assert.match(String((err?.fields?.error as Error).message), /index exploded/);
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Was the al-Omar base attacked?'));
      assert.match(textOf(h.sent()[1]), /Eight rockets/);
    });

    it('notes a person who blocked the bot while it answered, without an error or an apology', async () => {
      const description = 'Forbidden: bot was blocked by the user';
      h = harness({ failing: ['sendMessage'], failure: { error_code: 403, description } });
      const update = textUpdate(john, PRIVATE(john), 'Was the al-Omar base attacked?');
      await h.bot.handleUpdate(update);
      assert.equal(h.sent().length, 1, 'no apology into a chat that cannot be written to');
      assert.deepEqual(h.logger.lines, [
        {
          level: 'info',
          msg: 'cannot write to the chat',
          fields: { update_id: update.update_id, reason: description },
        },
      ]);
      // Logged as asked, and as not delivered: moderators read the log for what people were told.
      assert.equal(h.log?.get(1)?.question, 'Was the al-Omar base attacked?');
      assert.equal(h.log?.get(1)?.undelivered, description);
    });

    for (const description of ['Bad Request: message thread not found', 'Bad Request: TOPIC_CLOSED']) {
      it(`says nothing into a forum topic deleted or closed while it answered (${description})`, async () => {
        h = harness({ failing: ['sendMessage'], failure: { error_code: 400, description } });
        const topic = { message_thread_id: 77, is_topic_message: true };
        const update = textUpdate(john, GROUP, '@IncidentQABot Was the al-Omar base attacked?', topic);
        await h.bot.handleUpdate(update);
        assert.equal(h.sent().length, 1, 'no apology into the same topic, nor elsewhere');
        assert.equal(h.sent()[0]?.payload.message_thread_id, 77);
        assert.deepEqual(h.logger.lines, [
          {
            level: 'info',
            msg: 'cannot write to the chat',
            fields: { update_id: update.update_id, reason: description },
          },
        ]);
        assert.equal(h.log?.get(1)?.undelivered, description);
      });
    }

    it('logs how much of a long answer went out before Telegram refused the rest', async () => {
      const description = 'Forbidden: bot was blocked by the user';
      // Delivered, it is not marked.
      h = harness();
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Give me the long version'));
      const parts = h.sent().length;
      assert.ok(parts >= 2);
      assert.equal(h.log?.get(1)?.undelivered, null);
      h.close();
      h = harness({ failing: ['sendMessage'], failAfter: 1, failure: { error_code: 403, description } });
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Give me the long version'));
      assert.equal(h.log?.get(1)?.undelivered, `1 of ${parts} messages sent, then: ${description}`);
      // The part that went out is still the answer's: a reply to it is a follow-up of its question.
      assert.equal(h.log?.askedIn(john.id, 1001)?.question, 'Give me the long version');
    });

    it('apologises on a failing callback too', async () => {
      h = harness();
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Was the al-Omar base attacked?'));
      h.log?.close();
      await h.bot.handleUpdate(callbackUpdate(john, PRIVATE(john), 'fb:up:1'));
      assert.equal(
        h.answers()[0]?.payload.text,
        'Sorry, something went wrong while answering. Please try again in a moment.',
      );
    });

    it('still answers when the log cannot be written, reports it, and serves sources from memory', async () => {
      h = harness();
      h.log?.close();
      const update = textUpdate(john, PRIVATE(john), 'Was the al-Omar base attacked?');
      await h.bot.handleUpdate(update);
      const [msg] = h.sent();
      assert.match(textOf(msg), /Eight rockets/);
      const [button] = buttons(msg);
      assert.match(button?.callback_data ?? '', /^src:m[0-9]+$/);
      const report = h.logger.lines.find((l) => l.level === 'error');
      assert.equal(report?.msg, 'answer log write failed; answer sent without logging');
      assert.equal(report?.fields?.update_id, update.update_id);
      await h.bot.handleUpdate(callbackUpdate(john, PRIVATE(john), button?.callback_data ?? ''));
      assert.ok(String(h.sent()[1]?.payload.text).includes(PASSAGES.omar));
    });

    it('works without a log: sources from memory, only in the same chat', async () => {
      h = harness({ withLog: false });
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Was the al-Omar base attacked?'));
      const first = buttons(h.sent()[0])[0]?.callback_data ?? '';
      assert.match(first, /^src:m[0-9]+$/);
      await h.bot.handleUpdate(callbackUpdate(amira, PRIVATE(amira), first));
      assert.equal(h.answers()[0]?.payload.text, 'عذرًا، هذه الإجابة لم تعد متوفرة.');
      await h.bot.handleUpdate(callbackUpdate(john, PRIVATE(john), 'fb:up:1'));
      assert.equal(h.answers()[1]?.payload.text, 'Sorry, this answer is no longer available.');
      assert.deepEqual(h.logger.lines, []);
      // After a restart, the old button must not find the new run's answer under the same number.
      h.restart();
      await h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Who is Kirby?'));
      assert.notEqual(buttons(h.sent()[1])[0]?.callback_data, first);
      await h.bot.handleUpdate(callbackUpdate(john, PRIVATE(john), first));
      assert.equal(h.answers()[2]?.payload.text, 'Sorry, this answer is no longer available.');
    });

    it('refreshes the typing indicator every 4.5 s while answering, and stops after', async () => {
      const base = createFakeQA();
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const slow = { ...base, answer: async (q: string) => (await gate, base.answer(q)) };
      h = harness({ qa: slow });
      mock.timers.enable({ apis: ['setInterval'] });
      try {
        const done = h.bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Was the al-Omar base attacked?'));
        await new Promise((r) => setImmediate(r));
        const typing = () => h.calls.filter((c) => c.method === 'sendChatAction').length;
        assert.equal(typing(), 1);
        mock.timers.tick(4500);
        mock.timers.tick(4500);
        assert.equal(typing(), 3);
        release();
        await done;
        mock.timers.tick(9000);
        assert.equal(typing(), 3);
        assert.match(textOf(h.sent()[0]), /Eight rockets/);
      } finally {
        mock.timers.reset();
      }
    });

    /** A QA whose answers wait for `release()`, so that the typing indicator is refreshed meanwhile. */
    const gated = () => {
      const base = createFakeQA();
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      return {
        qa: { ...base, answer: async (q: string) => (await gate, base.answer(q)) },
        release: () => release(),
      };
    };

    /** Handles `update` while "typing…" is refreshed three times, then lets its gated answer go. */
    const throughRefreshes = async (
      update: Parameters<Harness['bot']['handleUpdate']>[0],
      release: () => void,
    ) => {
      mock.timers.enable({ apis: ['setInterval'] });
      try {
        const done = h.bot.handleUpdate(update);
        for (let i = 0; i < 3; i++) {
          await new Promise((r) => setImmediate(r));
          mock.timers.tick(4500);
        }
        release();
        await done;
      } finally {
        mock.timers.reset();
      }
    };

    it('answers even when the typing indicator fails, warning once, not at every refresh', async () => {
      const { qa, release } = gated();
      h = harness({ qa, failing: ['sendChatAction'] });
      await throughRefreshes(textUpdate(john, PRIVATE(john), 'Was the al-Omar base attacked?'), release);
      await new Promise((r) => setImmediate(r));
      assert.match(textOf(h.sent()[0]), /Eight rockets/);
      assert.equal(h.calls.filter((c) => c.method === 'sendChatAction').length, 4);
      assert.deepEqual(
        h.logger.lines.map((l) => [l.level, l.msg]),
        [['warn', 'typing indicator failed']],
      );
    });

    it('stops "typing…" quietly in a flood wait (429), which the answer waits out', async () => {
      const { qa, release } = gated();
      const failure = { error_code: 429, description: 'Too Many Requests: retry after 30' };
      h = harness({ qa, failing: ['sendChatAction'], failure });
      await throughRefreshes(
        textUpdate(john, GROUP, '@IncidentQABot Was the al-Omar base attacked?'),
        release,
      );
      assert.match(textOf(h.sent()[0]), /Eight rockets/);
      assert.equal(h.calls.filter((c) => c.method === 'sendChatAction').length, 1);
      assert.deepEqual(h.logger.lines, []);
    });

    it('stops "typing…" into a forum topic deleted while it answers, and says so once, as info', async () => {
      // The indicator met the refusal first, and warned at every refresh until the answer met it too.
      const { qa, release } = gated();
      const description = 'Bad Request: message thread not found';
      h = harness({
        qa,
        failing: ['sendChatAction', 'sendMessage'],
        failure: { error_code: 400, description },
      });
      const topic = { message_thread_id: 77, is_topic_message: true };
      const update = textUpdate(john, GROUP, '@IncidentQABot Was the al-Omar base attacked?', topic);
      await throughRefreshes(update, release);
      assert.equal(h.calls.filter((c) => c.method === 'sendChatAction').length, 1);
      assert.deepEqual(h.logger.lines, [
        {
          level: 'info',
          msg: 'cannot write to the chat',
          fields: { update_id: update.update_id, reason: description },
        },
      ]);
    });

    it('refuses to start without a token', () => {
      const dir = tempDir();
      const config = testConfig(dir);
      delete config.TELEGRAM_BOT_TOKEN;
      assert.throws(
        () => createBot({ qa: createFakeQA(), log: null, config }),
        /TELEGRAM_BOT_TOKEN.*@BotFather/,
      );
      fs.rmSync(dir, { recursive: true, force: true });
    });
  });

  describe('Telegram errors', () => {
    /** A bot with no log whose Bot API is whatever listens on 127.0.0.1:`port`. */
    const botAt = (port: number) => {
      const dir = tempDir();
      const logger = captureLogger();
      const bot = createBot({
        qa: createFakeQA(),
        log: null,
        config: testConfig(dir, { TELEGRAM_API_ROOT: `http://127.0.0.1:${port}` }),
        botInfo: BOT_INFO,
        logger,
      });
      return { bot, logger, dir };
    };
    /**
     * The Bot API stand-in `server`, listening on 127.0.0.1, and the config of a bot that calls it,
     * with a folder of its own; the test's harness closes `closing` (the bot's log), the server and
     * the folder.
     */
    const configOn = async (server: http.Server, closing: () => void) => {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const dir = tempDir();
      h = {
        close: () => {
          closing();
          server.close();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      } as unknown as Harness;
      const port = (server.address() as AddressInfo).port;
      return { dir, config: testConfig(dir, { TELEGRAM_API_ROOT: `http://127.0.0.1:${port}` }) };
    };
    /**
     * A Bot API stand-in: `reply` gives the JSON body for each call, by its method ("sendMessage")
     * and its parameters.
     */
    const apiStandIn = (reply: (method: string, p: Record<string, unknown>) => unknown) =>
      http.createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          res.setHeader('content-type', 'application/json');
          const p = (body ? JSON.parse(body) : {}) as Record<string, unknown>;
          res.end(JSON.stringify(reply(req.url?.split('/').pop() ?? '', p)));
        });
      });
    /** `botAt` the Bot API stand-in `server`, listening on 127.0.0.1; closed with the test's harness. */
    const botOn = async (server: http.Server) => {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const { bot, logger, dir } = botAt((server.address() as AddressInfo).port);
      h = {
        close: () => {
          server.close();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      } as unknown as Harness;
      return { bot, logger };
    };

    it('retries a 429 with retry_after (auto-retry) and delivers the answer', async () => {
      let sendAttempts = 0;
      const server = apiStandIn((method, p) => {
        if (method !== 'sendMessage') return { ok: true, result: true };
        sendAttempts++;
        if (sendAttempts === 1)
          return {
            ok: false,
            error_code: 429,
            description: 'Too Many Requests',
            parameters: { retry_after: 0 },
          };
        return {
          ok: true,
          result: { message_id: 5, date: 0, chat: { id: p.chat_id, type: 'private' }, text: p.text },
        };
      });
      const { bot, logger } = await botOn(server);
      await bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Was the al-Omar base attacked?'));
      assert.equal(sendAttempts, 2);
      assert.deepEqual(
        logger.lines.filter((l) => l.level === 'error'),
        [],
      );
    });

    it("waits out Telegram's flood wait of up to a minute for an answer, and gives up on a longer one", async () => {
      // Telegram's flood wait in a group (20 messages a minute) is tens of seconds: past 10 s the
      // answer was given up at once, the apology met the same 429, and the person got nothing.
      const floodWaits: number[] = [];
      const texts: string[] = [];
      let sends = 0;
      const server = apiStandIn((method, p) => {
        if (method !== 'sendMessage') return { ok: true, result: true };
        sends++;
        const wait = floodWaits.shift();
        if (wait !== undefined) {
          const description = `Too Many Requests: retry after ${wait}`;
          return { ok: false, error_code: 429, description, parameters: { retry_after: wait } };
        }
        texts.push(visible(p.text as string));
        const result = { message_id: 5, date: 0, chat: { id: p.chat_id, type: 'private' }, text: p.text };
        return { ok: true, result };
      });
      const { dir, config } = await configOn(server, () => log.close());
      const log = new AnswerLog({ file: config.LOG_DB, stateDir: dir, hmacSecret: 'test-secret-0123456789' });
      const logger = captureLogger();
      const bot = createBot({ qa: createFakeQA(), log, config, botInfo: BOT_INFO, logger });
      const realSetTimeout = setTimeout;
      mock.timers.enable({ apis: ['setTimeout'] });
      try {
        floodWaits.push(30);
        const answered = bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Was the al-Omar base attacked?'));
        // The clock runs a second at a time from Telegram's 429 until the bot sends again.
        for (let i = 0; sends < 2 && i < 2000; i++) {
          await new Promise((r) => realSetTimeout(r, 5));
          if (sends === 1) mock.timers.tick(1000);
        }
        await answered;
        assert.equal(texts.length, 1);
        assert.match(texts[0]!, /Eight rockets/);
        assert.equal(logger.lines.length, 0);
        // A wait longer than a minute is Telegram's penalty, not its per-group cap: not waited out.
        // The answer is logged all the same, and the failure reported.
        floodWaits.push(300, 300);
        await bot.handleUpdate(textUpdate(john, PRIVATE(john), 'What did the drone strike hit?'));
        assert.equal(texts.length, 1);
        assert.deepEqual(
          logger.lines.map((l) => l.msg),
          ['update failed', 'could not send the apology'],
        );
      } finally {
        mock.timers.reset();
      }
      assert.equal(log.get(1)?.question, 'Was the al-Omar base attacked?');
      assert.equal(log.get(1)?.undelivered, null);
      assert.equal(log.get(2)?.question, 'What did the drone strike hit?');
      assert.equal(log.get(2)?.undelivered, 'Too Many Requests: retry after 300');
    });

    it('sends the answer to the supergroup a group became while the question was answered', async () => {
      const group = { id: -555, type: 'group' as const, title: 'Deir ez-Zor desk' };
      const supergroup = -100555;
      const sent: Record<string, unknown>[] = [];
      const server = apiStandIn((method, p) => {
        if (p.chat_id === group.id) {
          const description = 'Bad Request: group chat was upgraded to a supergroup chat';
          return { ok: false, error_code: 400, description, parameters: { migrate_to_chat_id: supergroup } };
        }
        if (method !== 'sendMessage') return { ok: true, result: true };
        sent.push(p);
        return {
          ok: true,
          result: { message_id: 9, date: 0, chat: { id: p.chat_id, type: 'supergroup' }, text: p.text },
        };
      });
      const { bot, logger } = await botOn(server);
      const asked = textUpdate(john, group as never, '@IncidentQABot was the al-Omar base attacked?');
      await bot.handleUpdate(asked);
      assert.equal(sent.length, 1);
      assert.equal(sent[0]?.chat_id, supergroup);
      assert.match(visible(String(sent[0]?.text)), /Eight rockets/);
      // The reply link names the old group's message: left off. The buttons stay, and work there.
      assert.equal(sent[0]?.reply_parameters, undefined);
      const markup = sent[0]?.reply_markup as { inline_keyboard: { callback_data: string }[][] };
      const data = markup.inline_keyboard.flat()[0]?.callback_data;
      assert.match(String(data), /^src:m\d+$/);
      const inSupergroup = { id: supergroup, type: 'supergroup' as const, title: group.title };
      await bot.handleUpdate(callbackUpdate(john, inSupergroup as never, String(data), 9));
      assert.equal(sent.length, 2);
      assert.match(visible(String(sent[1]?.text)), /^Cited passages \(2\)/);
      assert.deepEqual(
        logger.lines.filter((l) => l.level === 'error'),
        [],
      );
    });

    it('reads a reply in the supergroup to what went there as its group migrated as a follow-up', async () => {
      // Telegram numbers a supergroup's messages anew: an answer that followMigration sent there, or
      // the passages a button under one of the group's answers sent there, are the supergroup's.
      const group = { id: -557, type: 'group' as const, title: 'Hasakah desk' };
      const supergroup = { id: -100557, type: 'supergroup' as const, title: 'Hasakah desk' };
      let migrated = false;
      let messageId = 0;
      const server = apiStandIn((method, p) => {
        if (migrated && p.chat_id === group.id) {
          const description = 'Bad Request: group chat was upgraded to a supergroup chat';
          return {
            ok: false,
            error_code: 400,
            description,
            parameters: { migrate_to_chat_id: supergroup.id },
          };
        }
        if (method !== 'sendMessage') return { ok: true, result: true };
        const chat = p.chat_id === group.id ? group : supergroup;
        return { ok: true, result: { message_id: ++messageId, date: 0, chat, from: BOT_INFO, text: p.text } };
      });
      const { dir, config } = await configOn(server, () => log.close());
      const openLog = () =>
        new AnswerLog({ file: config.LOG_DB, stateDir: dir, hmacSecret: 'test-secret-0123456789' });
      let log = openLog();
      const qa = createFakeQA();
      const logger = captureLogger();
      const start = () => createBot({ qa, log, config, botInfo: BOT_INFO, logger });
      let bot = start();
      const before = 'was the al-Omar base attacked?';
      const during = 'what did the drone strike hit?';
      await bot.handleUpdate(textUpdate(john, group as never, `@IncidentQABot ${before}`));
      assert.equal(messageId, 1);
      migrated = true;
      // Asked in the group just before it became a supergroup, answered after: message 2 there.
      await bot.handleUpdate(textUpdate(john, group as never, `@IncidentQABot ${during}`));
      // The group's answer (message 1 of the group) is pressed for its passages: message 3 there.
      await bot.handleUpdate(callbackUpdate(john, group as never, 'src:1', 1));
      assert.equal(messageId, 3);
      const reply = (to: number) =>
        textUpdate(john, supergroup as never, 'When was that?', replyToBot(supergroup as never, to));
      await bot.handleUpdate(reply(2));
      await bot.handleUpdate(reply(3));
      // After a restart, from the answer log.
      log.close();
      log = openLog();
      bot = start();
      await bot.handleUpdate(reply(2));
      await bot.handleUpdate(reply(3));
      assert.deepEqual(qa.previous, [undefined, undefined, during, before, during, before]);
      assert.deepEqual(
        logger.lines.filter((l) => l.level !== 'info'),
        [],
      );
    });

    it('gives up on an unreachable Bot API at once, logging it, instead of retrying for up to an hour', async () => {
      // Nothing listens on a port just closed: every call fails with a network error (HttpError).
      const probe = http.createServer();
      await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
      const port = (probe.address() as AddressInfo).port;
      await new Promise<void>((r) => probe.close(() => r()));
      const { bot, logger, dir } = botAt(port);
      h = { close: () => fs.rmSync(dir, { recursive: true, force: true }) } as unknown as Harness;
      const started = Date.now();
      await bot.handleUpdate(textUpdate(john, PRIVATE(john), 'Was the al-Omar base attacked?'));
      assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
      assert.ok(logger.lines.some((l) => l.level === 'error' && l.msg === 'update failed'));
      await assert.rejects(bot.api.getMe(), /Network request for 'getMe' failed/);
    });
  });
});
