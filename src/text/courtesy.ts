import { normalize } from './normalize.js';
import { tokenize } from './tokenize.js';

/**
 * Greetings, thanks, farewells and acknowledgements: what people write around a question, or on
 * its own. Searched as words they find passages (مرحبا shares its letters with الرحبة, the Rahba
 * castle; "من فضلك" meets أبو الفضل) and, being "asked", make an answer abstain for them ("the
 * passages say nothing of «hi»"). Compared word by word after the analyser's normalisation (alef
 * and teh marbuta forms, case, diacritics and tanween).
 */
const GREETINGS = [
  // Arabic
  'مرحبا',
  'مرحبا بك',
  'مرحبا بكم',
  'مرحبتين',
  'اهلا',
  'اهلا وسهلا',
  'اهلا بك',
  'اهلين',
  'هلا',
  'هاي',
  'السلام عليكم',
  'سلام عليكم',
  'السلام عليكم ورحمة الله',
  'السلام عليكم ورحمة الله وبركاته',
  'سلام',
  'صباح الخير',
  'مساء الخير',
  'كيف حالك',
  'يعطيك العافية',
  // English
  'hi',
  'hello',
  'hey',
  'hi there',
  'hello there',
  'hey there',
  'hi bot',
  'hello bot',
  'hey bot',
  'good morning',
  'good afternoon',
  'good evening',
  'how are you',
  'greetings',
];

const THANKS = [
  'شكرا',
  'شكرا لك',
  'شكرا لكم',
  'شكرا جزيلا',
  'شكرا مقدما',
  'مشكور',
  'تسلم',
  'thanks',
  'thank you',
  'thanks a lot',
  'thank you very much',
  'thank you so much',
  'thanks in advance',
  'many thanks',
  'thx',
  'ty',
  'cheers',
];

/** Said on its own only: these begin questions too ("ok, and when was that?" is still asked). */
const CLOSINGS = [
  'ok',
  'okay',
  'ok thanks',
  'great',
  'bye',
  'goodbye',
  'good night',
  'تمام',
  'حسنا',
  'طيب',
  'مع السلامة',
  'تصبح على خير',
  'وداعا',
];

/**
 * Asking to be told, at the start of a question, after any greeting: what follows is the question
 * ("Explain what happened at the Conoco field", "اشرح لي ما حدث في حقل كونيكو"). Searched, the
 * request made the answer abstain for «explain» or «اشرح».
 */
const REQUESTS = [
  'explain',
  'explain to me',
  'can you explain',
  'could you explain',
  'summarise',
  'summarize',
  'summarise for me',
  'summarize for me',
  'describe',
  'tell me',
  'can you tell me',
  'could you tell me',
  'i want to know',
  'i would like to know',
  'do you know',
  'اشرح',
  'اشرح لي',
  'لخص',
  'لخص لي',
  'اخبرني',
  'قل لي',
  'حدثني',
  'اريد ان اعرف',
  'بدي اعرف',
  'ودي اعرف',
];

/** Words of asking politely, wherever they stand in a question. */
const POLITE = [
  'please',
  'pls',
  'plz',
  'kindly',
  'من فضلك',
  'من فضلكم',
  'لو سمحت',
  'لو سمحتم',
  'رجاء',
  'الرجاء',
];

/**
 * Words that only stress a question, wherever they stand ("Where exactly is Green Village?", "ايش
 * صار بالميادين بالضبط؟"). Searched, they made the answer abstain for «exactly», or put first a
 * passage that happens to hold بالضبط.
 */
const STRESS = [
  'exactly',
  'precisely',
  'actually',
  'really',
  'basically',
  'briefly',
  'بالضبط',
  'بالتحديد',
  'تحديدا',
  'فعلا',
  'حقا',
  'باختصار',
];

const key = (text: string): string[] => tokenize(normalize(text));
const phrases = (list: readonly string[]) =>
  list.map(key).sort((a, b) => b.length - a.length) as readonly string[][];

const OPENING = phrases([...GREETINGS, ...THANKS, ...POLITE, ...REQUESTS]);
const AFTER = phrases(THANKS);
const ALONE = phrases([...GREETINGS, ...THANKS, ...CLOSINGS]);
const ANYWHERE = phrases([...POLITE, ...STRESS]);

interface Word {
  start: number;
  end: number;
  /** The word's normalised tokens (usually one). */
  tokens: string[];
}

function wordsOf(text: string): Word[] {
  // A hyphenated word is one ("Hi-Tech" is not a greeting).
  return [...text.matchAll(/[\p{L}\p{M}\p{N}]+(?:-[\p{L}\p{M}\p{N}]+)*/gu)]
    .map((m) => ({ start: m.index, end: m.index + m[0].length, tokens: key(m[0]) }))
    .filter((w) => w.tokens.length > 0);
}

/** How many of `words` from `at` one of `list` spans (the longest), or 0. */
function phraseAt(words: readonly Word[], at: number, list: readonly string[][]): number {
  for (const phrase of list) {
    let k = 0;
    let n = 0;
    while (k < phrase.length && at + n < words.length) {
      const tokens = words[at + n]!.tokens;
      if (!tokens.every((t, j) => phrase[k + j] === t)) break;
      k += tokens.length;
      n++;
    }
    if (k === phrase.length && n > 0) return n;
  }
  return 0;
}

/** How many words from `at` are phrases of `list`, one after another. */
function run(words: readonly Word[], at: number, list: readonly string[][]): number {
  let i = at;
  for (let n; i < words.length && (n = phraseAt(words, i, list)) > 0;) i += n;
  return i - at;
}

/**
 * `text` with the greetings, thanks and requests to be told before the question, thanks after it,
 * and the words of asking politely or of stress anywhere in it, blanked out by as many spaces
 * (offsets into it still hold): "Hi, can you tell me what exactly happened at al-Omar, please?"
 * asks what happened at al-Omar. Text that is nothing but
 * courtesy is returned as it is (see isCourtesyOnly).
 */
export function withoutCourtesy(text: string): string {
  const words = wordsOf(text);
  const blank = new Array<boolean>(words.length).fill(false);
  const lead = run(words, 0, OPENING);
  for (let i = 0; i < lead; i++) blank[i] = true;
  for (let i = lead; i < words.length;) {
    const n = phraseAt(words, i, ANYWHERE);
    for (let j = i; j < i + n; j++) blank[j] = true;
    i += Math.max(n, 1);
  }
  // Thanks at the end: the longest run of them that reaches the last word.
  for (let from = lead; from < words.length; from++) {
    if (from + run(words, from, AFTER) === words.length) {
      for (let j = from; j < words.length; j++) blank[j] = true;
      break;
    }
  }
  if (blank.every(Boolean)) return text;
  let out = '';
  let pos = 0;
  words.forEach((w, i) => {
    if (!blank[i]) return;
    out += text.slice(pos, w.start) + ' '.repeat(w.end - w.start);
    pos = w.end;
  });
  return out + text.slice(pos);
}

const GREETED = phrases(GREETINGS);

/**
 * Whether `text` is only courtesy and thanks without greeting ("thank you 🙏", "ok thanks", "شكرا
 * جزيلا"): what is said after an answer, not to start a conversation.
 */
export function isThanksOnly(text: string): boolean {
  if (!isCourtesyOnly(text)) return false;
  const words = wordsOf(text);
  let thanked = false;
  for (let i = 0; i < words.length; i++) {
    if (phraseAt(words, i, GREETED) > 0) return false;
    if (phraseAt(words, i, AFTER) > 0) thanked = true;
  }
  return thanked;
}

/** Whether `text` is only greetings, thanks or a farewell ("hi!", "ok thanks", "شكرا جزيلا"). */
export function isCourtesyOnly(text: string): boolean {
  const words = wordsOf(text);
  return words.length > 0 && run(words, 0, ALONE) === words.length;
}
