import { isCourtesyOnly, isThanksOnly, normalize, tokenize, withoutCourtesy } from '../text/index.js';
import type { Info } from './info.js';

/** The text of a message without the bot's name (or anyone's @name). */
const own = (text: string) => text.replace(/@\w+/g, ' ');

/**
 * A greeting, thanks or farewell on its own ("مرحبا", "ok thanks"), or a message without a letter
 * or digit ("👍", "???"): searched as questions they found passages (مرحبا shares its letters with
 * الرحبة, the Rahba castle) or abstentions with rating buttons. They get the bot's introduction
 * instead. The bot's name is left aside.
 */
export function isSmallTalk(text: string): boolean {
  const words = own(text);
  return isCourtesyOnly(words) || !/[\p{L}\p{N}]/u.test(words);
}

/**
 * Small talk that asks rather than acknowledges: question marks or a puzzled face alone ("?", «؟»,
 * "🤔"). In reply to an answer they were thanked, "You are welcome!", for not understanding it.
 */
export function isPuzzled(text: string): boolean {
  const words = own(text);
  return !/[\p{L}\p{N}]/u.test(words) && /[?؟⁇❓❔🤔🤨😕🧐]/u.test(words);
}

/** Small talk that thanks (after an answer, as a rule) rather than greets. */
export function isThanks(text: string): boolean {
  return isThanksOnly(own(text));
}

/**
 * Questions about the bot rather than the incidents, each as a whole message. Searched, "help"
 * or "ما هي مصادرك؟" found passages that happen to share a word, or an abstention with rating
 * buttons. Compared word by word after the analyser's normalisation (alef, hamza and teh marbuta
 * forms, case), so "ما هى مصادرك" and "What can you do" match too.
 */
const META: Record<Info, readonly string[]> = {
  help: [
    // English
    'help',
    'help me',
    'i need help',
    'what can you do',
    'what can you do for me',
    'what do you do',
    'what can i ask',
    'what can i ask you',
    'what should i ask',
    'how does this work',
    'how does this bot work',
    'how do you work',
    'how do i use this',
    'how do i use this bot',
    'how do i use you',
    'how to use this bot',
    'who are you',
    'what are you',
    'commands',
    // Arabic
    'مساعدة',
    'المساعدة',
    'ساعدني',
    'اريد مساعدة',
    'ماذا تستطيع أن تفعل',
    'ماذا تستطيع ان تفعل لي',
    'ماذا يمكنك أن تفعل',
    'ما الذي تستطيع فعله',
    'ما الذي يمكنك فعله',
    'ماذا تفعل',
    'ماذا يمكنني أن أسأل',
    'ماذا أسألك',
    'كيف تعمل',
    'كيف يعمل البوت',
    'كيف أستخدمك',
    'كيف أستخدم البوت',
    'من أنت',
    'من انت يا بوت',
    'ما أنت',
    'الأوامر',
  ],
  sources: [
    // English
    'sources',
    'your sources',
    'what sources do you use',
    'what sources do you have',
    'which sources do you use',
    'what are your sources',
    'what is your source',
    'what are your sources of information',
    'where do you get your information',
    'where does your information come from',
    'what articles do you use',
    'what articles do you have',
    'which articles do you use',
    'source',
    'the source',
    'what is the source',
    "what's the source",
    'what is the source of this',
    'where is this from',
    'link',
    'links',
    'the link',
    'article link',
    'link to the article',
    // Arabic
    'المصادر',
    'مصادرك',
    'ما مصادرك',
    'ما هي مصادرك',
    'ماهي مصادرك',
    'ما هي مصادر معلوماتك',
    'ما مصدرك',
    'ما هو مصدرك',
    'ما المصادر التي تستخدمها',
    'ما هي المصادر التي تستخدمها',
    'ما هي المصادر التي تعتمد عليها',
    'من أين تأتي بمعلوماتك',
    'من أين معلوماتك',
    'ما المقالات التي تعتمد عليها',
    'ما هي المقالات التي لديك',
    'مصدر',
    'المصدر',
    'ما المصدر',
    'ما هو المصدر',
    'شو المصدر',
    'وين المصدر',
    'ما مصدر هذا',
    'ما مصدر هذه المعلومات',
    'ما مصدر المعلومة',
    'رابط',
    'الرابط',
    'رابط الخبر',
    'رابط المقال',
    'وين الرابط',
  ],
  about: [
    // English
    'about',
    'how many articles do you have',
    'what period do you cover',
    'what dates do you cover',
    // Arabic
    'كم مقالا لديك',
    'كم عدد المقالات لديك',
    'ما الفترة التي تغطيها',
  ],
};

const wordsKey = (text: string) => tokenize(normalize(text)).join(' ');
const META_BY_WORDS = new Map<string, Info>(
  (Object.entries(META) as [Info, readonly string[]][]).flatMap(([kind, list]) =>
    list.map((phrase): [string, Info] => [wordsKey(phrase), kind]),
  ),
);

/**
 * Which command answers `text`, when it is only a question about the bot ("what can you do?",
 * "Hi, ما هي مصادرك؟ شكرا"), greetings, thanks and "please" around it aside; else null. The whole
 * message must be such a question: "What sources reported the attack on Conoco?" and "what can
 * you tell me about the Tanf base?" are questions for the articles.
 */
export function metaQuestion(text: string): Info | null {
  return META_BY_WORDS.get(wordsKey(withoutCourtesy(own(text)))) ?? null;
}

/**
 * Asking for more of what an answer said ("more details", «المزيد», «تفاصيل أكثر»), as a whole message.
 * In reply to an answer it was searched as a follow-up, and found nothing of "details": abstained on,
 * as if the articles said no more, when the answer's cited passages hold more than it quotes.
 */
const MORE = new Set(
  [
    // English
    'more',
    'more details',
    'more detail',
    'more info',
    'more information',
    'tell me more',
    'details',
    'the details',
    'any details',
    'any more details',
    'give me more details',
    'i want more details',
    'full text',
    'the full text',
    'full article',
    'the full article',
    // Arabic
    'المزيد',
    'مزيد',
    'أكثر',
    'تفاصيل',
    'التفاصيل',
    'تفاصيل أكثر',
    'المزيد من التفاصيل',
    'مزيد من التفاصيل',
    'أريد المزيد',
    'أريد تفاصيل أكثر',
    'أريد التفاصيل',
    'بدي تفاصيل',
    'بدي تفاصيل أكثر',
    'زيدني',
    'النص الكامل',
    'الخبر كاملا',
    'المقال كاملا',
  ].map(wordsKey),
);

/** Whether `text` only asks for more of what it replies to (courtesy and the bot's name aside). */
export function asksMore(text: string): boolean {
  return MORE.has(wordsKey(withoutCourtesy(own(text))));
}

/**
 * Asking whether something is true, or to check it, with nothing said of what ("Is this true?",
 * "Check this", «هل هذا صحيح؟», «شو رأيك؟»), as a whole message. Sent on its own (not in reply to
 * anything, as Telegram sends the comment of a forwarded post, before the post) it was searched and
 * abstained on, "the articles do not cover this question", and counted as a question.
 */
const CHECK_THIS = new Set(
  [
    // English
    'is this true',
    'is that true',
    'is it true',
    'true',
    'really',
    'is this correct',
    'is this real',
    'is this accurate',
    'is this right',
    'check this',
    'can you check this',
    'verify this',
    'can you verify this',
    'fact check',
    'fact check this',
    'what about this',
    'what do you think',
    'what do you think about this',
    'do you know about this',
    'any information about this',
    // Arabic
    'هل هذا صحيح',
    'هذا صحيح',
    'صحيح',
    'هل هذا صح',
    'صح',
    'هل هذا الكلام صحيح',
    'هل الخبر صحيح',
    'هل هذا الخبر صحيح',
    'هل هذه المعلومة صحيحة',
    'هل هذه المعلومات صحيحة',
    'ما صحة هذا',
    'ما صحة هذا الخبر',
    'ما مدى صحة هذا الخبر',
    'تحقق من هذا',
    'تأكد من هذا',
    'عنجد',
    'معقول',
    'ما رأيك',
    'ما رأيك بهذا',
    'شو رأيك',
    'شو رأيك بهالخبر',
  ].map(wordsKey),
);

/** Whether `text` only asks whether "this" is true, or to check it (courtesy and the bot's name aside). */
export function asksAboutThis(text: string): boolean {
  return CHECK_THIS.has(wordsKey(withoutCourtesy(own(text))));
}

/**
 * Saying an answer is wrong, as a whole message ("this is wrong", «هذا خطأ», «غلط»): in reply to an
 * answer it was read as a follow-up and searched, and the answer came back again.
 */
const WRONG = new Set(
  [
    // English
    'wrong',
    'this is wrong',
    'that is wrong',
    "that's wrong",
    'it is wrong',
    'wrong answer',
    'this answer is wrong',
    'incorrect',
    'this is incorrect',
    'that is incorrect',
    'false',
    'this is false',
    'not true',
    'this is not true',
    "that's not true",
    'that is not true',
    'not correct',
    'this is not correct',
    'no this is wrong',
    'you are wrong',
    // Arabic
    'خطأ',
    'خطا',
    'هذا خطأ',
    'هذا خطا',
    'غلط',
    'هذا غلط',
    'هاد غلط',
    'هذا الكلام غلط',
    'كلام غلط',
    'خاطئ',
    'إجابة خاطئة',
    'الإجابة خاطئة',
    'الجواب غلط',
    'معلومة خاطئة',
    'معلومات خاطئة',
    'هذه معلومات خاطئة',
    'غير صحيح',
    'هذا غير صحيح',
    'هذا الكلام غير صحيح',
    'ليس صحيحا',
    'هذا ليس صحيحا',
    'مش صحيح',
    'مو صحيح',
    'هذا مش صحيح',
    'كذب',
    'هذا كذب',
    'أنت مخطئ',
  ].map(wordsKey),
);

/** Whether `text` only says that what it replies to is wrong (courtesy and the bot's name aside). */
export function saysWrong(text: string): boolean {
  return WRONG.has(wordsKey(withoutCourtesy(own(text))));
}

/** The longest saying-wrong phrase `correctionOf` looks for, in words. */
const WRONG_MAX_WORDS = Math.max(...[...WRONG].map((k) => k.split(' ').length));

/**
 * A correction: a message that opens by saying that what it replies to is wrong and goes on ("this
 * is wrong, it was on the 4th", «هذا خطأ، الهجوم كان يوم 4»): in reply to an answer it was searched
 * as a new question, and answered about "the 4th". Returns what follows the phrase, else null. A
 * phrase of one word must be set off from the rest by punctuation or a line break: "False flag
 * attacks in Deir ez-Zor?" and «خطأ من كان؟» ask something.
 */
export function correctionOf(text: string): string | null {
  const t = withoutCourtesy(own(text));
  const words = [...t.matchAll(/[\p{L}\p{M}\p{N}'’]+/gu)];
  for (let n = Math.min(WRONG_MAX_WORDS, words.length - 1); n >= 1; n--) {
    const last = words[n - 1]!;
    const end = last.index + last[0].length;
    if (!WRONG.has(wordsKey(t.slice(0, end)))) continue;
    const setOff = /[\p{P}\n]/u.test(t.slice(end, words[n]!.index));
    if (n === 1 && !setOff) return null;
    return t.slice(words[n]!.index).trim();
  }
  return null;
}

/**
 * A label before the question, as people write one out ("Question: what happened…", «سؤال: ماذا
 * حدث…», "Q: …"): searched with it, «question» was a word the passages had to hold, and the
 * question was abstained on ("say nothing of «question»").
 */
const QUESTION_LABEL = /^\s*(?:q|question|my question|سؤال|السؤال|سؤالي|س)\s*[:：\-–—]\s*(?=\S)/iu;

/** `text` without a leading "Question:" («سؤال:»). */
export function withoutQuestionLabel(text: string): string {
  return text.replace(QUESTION_LABEL, '');
}

/** Closings a message is signed off with that are not thanks ("Best regards", «مع التحية»). */
const SIGN_OFFS = new Set(
  [
    'regards',
    'best regards',
    'kind regards',
    'best',
    'best wishes',
    'all the best',
    'sent from my iphone',
    'مع الشكر',
    'مع خالص الشكر',
    'وشكرا',
    'مع التحية',
    'مع التحيات',
    'تحياتي',
    'مع خالص التحيات',
    'مع فائق الاحترام',
  ].map(wordsKey),
);

/**
 * `text` without the sign-off a person wrote under the question, as under an email ("…?\nThanks,\n
 * Ahmad – reporter", «…\nمع الشكر،\nأحمد - صحفي»): a line of thanks or a closing, and at most two
 * short lines after it (a name, a title). Searched with it, the name and title drew other passages,
 * and «ماذا حدث في الميادين» was answered from ones that do not name Mayadin.
 */
export function withoutSignOff(text: string): string {
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || !(isCourtesyOnly(line) || SIGN_OFFS.has(wordsKey(line)))) continue;
    if (!/[\p{L}\p{N}]/u.test(line)) continue;
    const after = lines.slice(i + 1).filter((l) => l.trim() !== '');
    if (after.length > 2 || after.some((l) => [...l.trim()].length > 40 || /[?؟]/.test(l))) continue;
    const kept = lines.slice(0, i).join('\n').trim();
    if (/[\p{L}\p{N}]/u.test(kept)) return kept;
  }
  return text;
}
