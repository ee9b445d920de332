// What kind of answer a question wants, when its question word says so: "متى" / "when" want a
// date, "كم" / "how many" a number. A passage that holds no date cannot answer "when", however well
// it matches the words, so ranking prefers passages that carry the kind of answer asked for.
// "أين يقع" / "where is" want a position: a direction or a distance ("10 كم شرقي الميادين").
import type { Language } from '../corpus/types.js';
import { isStopword, normalize, tokenize, type Analyzer } from '../text/index.js';

export type AnswerType = 'date' | 'number' | 'position';

// Compared with normalised words (متى → متي, سنة → سنه).
const normalized = (words: string) => new Set(tokenize(normalize(words)));
/** With the spoken forms: إمتى, ايمتى (see the stopwords). */
const AR_DATE_WORDS = normalized('متى ومتى فمتى امتى إمتى ايمتى إيمتى أمتى');
const AR_NUMBER_WORDS = normalized('كم وكم فكم بكم قديش أديش اديش كام شقد');
/** "في أي عام / سنة / تاريخ / يوم / شهر / قرن": the noun after أي names a time. */
const AR_TIME_NOUNS = normalized('عام سنة تاريخ يوم شهر قرن العام السنة');
const AR_WHICH = normalized('أي أية');
const EN_TIME_NOUNS = new Set(['year', 'date', 'day', 'month', 'century']);
export const WHERE_WORDS = normalized('أين وأين فأين وين ووين فين');
/** After أين, these ask where something lies (not where something happened or someone was born). */
export const LOCATION_VERBS = normalized('يقع تقع يوجد توجد تتواجد يتواجد تتموضع يتموضع');
const EN_LIES = new Set(['is', 'are', 'located', 'lies', 'situated']);
const AR_PRONOUNS = normalized('هو هي هم');
const AR_MEASURES = normalized('عدد تعداد طول عرض ارتفاع عمق مساحة حجم وزن سعر قيمة نسبة كمية مدة عمر');
const EN_MEASURES = new Set([
  'number',
  'length',
  'width',
  'height',
  'depth',
  'area',
  'size',
  'weight',
  'price',
  'cost',
  'percentage',
  'proportion',
  'population',
  'toll',
  'amount',
  'distance',
]);
const EN_HOW_MEASURE = new Set(['many', 'much', 'long', 'far', 'big', 'large', 'old', 'tall', 'high']);
/** ما with its pronoun written on (ماهو, ماهي). */
const AR_WHAT_IS = normalized('ماهو ماهي ماهى');
const AR_WHAT_WHO = normalized('ما من وما ومن');
/** "ما (هو) عدد / طول / مساحة …": after ما, a noun that names a quantity wants a number. */
const AR_WHAT = new Set([...normalized('ما وما'), ...AR_WHAT_IS]);
const AR_MEANING = normalized('تعريف معنى');
const EN_IS = new Set(['is', 'are', 'was', 'were']);

/**
 * True for a question that asks what or who something is: "من هو X؟", "من هم X؟", "ما هي X؟", "ما
 * تعريف X؟", "What is X?", "Who are X?". The answer is a sentence that defines X, and such a
 * sentence opens with X ("السرطان هو…", "العربي بن مهيدي أحد…").
 */
export function asksWhatIs(question: string, language: Language): boolean {
  const [first = '', second = ''] = tokenize(normalize(question));
  if (language === 'ar') {
    if (AR_WHAT_IS.has(first)) return true;
    return AR_WHAT_WHO.has(first) && (AR_PRONOUNS.has(second) || AR_MEANING.has(second));
  }
  return (first === 'what' || first === 'who') && EN_IS.has(second);
}

/** "تعريف" and "معنى" in "ما تعريف X؟" ask for X's definition; they are not part of X. */
export function namesDefinition(word: string): boolean {
  return AR_MEANING.has(normalize(word));
}

/** The word after ما at `i`, past هو / هي: "ما (هو) عدد…" → عدد. */
function wordAfterWhat(words: readonly string[], i: number): string {
  return (AR_PRONOUNS.has(words[i + 1] ?? '') ? words[i + 2] : words[i + 1]) ?? '';
}

/** The answer type a question's own words ask for, or null when they do not say. */
export function expectedAnswerType(question: string, language: Language): AnswerType | null {
  const words = tokenize(normalize(question));
  if (language === 'ar') {
    for (let i = 0; i < words.length; i++) {
      const w = words[i] ?? '';
      if (AR_DATE_WORDS.has(w)) return 'date';
      if (AR_NUMBER_WORDS.has(w)) return 'number';
      if (AR_WHICH.has(w) && AR_TIME_NOUNS.has(words[i + 1] ?? '')) return 'date';
      if (WHERE_WORDS.has(w) && LOCATION_VERBS.has(words[i + 1] ?? '')) return 'position';
      if (AR_WHAT.has(w) && AR_MEASURES.has(wordAfterWhat(words, i))) return 'number';
    }
    return null;
  }
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    const next = words[i + 1] ?? '';
    if (w === 'when') return 'date';
    if (w === 'how' && EN_HOW_MEASURE.has(next)) return 'number';
    if (w === 'what' && (next === 'is' || next === 'was') && words[i + 2] === 'the') {
      // "what is the number of …", "what is the death toll"
      if (words.slice(i + 3, i + 5).some((m) => EN_MEASURES.has(m))) return 'number';
    }
    if ((w === 'what' || w === 'which' || w === 'in') && EN_TIME_NOUNS.has(next)) return 'date';
    if (w === 'where' && EN_LIES.has(next)) return 'position';
  }
  return null;
}

/** After كم, عدد: "كم عدد القذائف" counts القذائف. */
export const NUMBER_OF = normalized('عدد تعداد');

/**
 * The word a "how many" question counts: "كم ولاية في الهند؟" → ولاية, "كم عدد القذائف…" → القذائف,
 * "ما عدد القتلى" → القتلى, "How many rockets…" → rockets. Null for other questions, and for كم
 * before a verb ("كم تبعد") unless عدد follows it ("كم يبلغ عدد السكان" → السكان). The answer
 * then puts a number right before that word: "28 ولاية", "ثماني قذائف".
 */
export function countedWord(question: string, language: Language): string | null {
  return countedWords(question, language)[0] ?? null;
}

/** How many words after "how many" may describe what is counted ("how many pro-regime fighters"). */
const EN_COUNTED_SPAN = 3;

/**
 * The words that may say what a "how many" question counts, nearest first. In English that is the
 * word after "how many" and the two after it, for the counted noun often follows a name or an
 * adjective: "How many Russian citizens", "How many ISIS militants", "How many pro-regime
 * fighters", up to the first function word. In Arabic the noun comes first, so it is countedWord
 * alone.
 */
export function countedWords(question: string, language: Language): string[] {
  const words = tokenize(normalize(question));
  if (language === 'en') {
    const i = words.findIndex((w, j) => w === 'how' && words[j + 1] === 'many');
    if (i < 0) return [];
    const after = words.slice(i + 2, i + 2 + EN_COUNTED_SPAN);
    // The noun phrase ends at the first function word ("How many troops and fighters were…").
    const end = after.findIndex((w, j) => j > 0 && isStopword(w));
    return end < 0 ? after : after.slice(0, end);
  }
  const word = arabicCountedWord(words);
  return word ? [word] : [];
}

function arabicCountedWord(words: readonly string[]): string | null {
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    if (AR_NUMBER_WORDS.has(w)) {
      // "كم عدد القذائف", "كم يبلغ عدد السكان": the word after عدد.
      const of = words.slice(i + 1, i + 4).findIndex((x) => NUMBER_OF.has(x));
      if (of >= 0) return words[i + of + 2] ?? null;
      // A verb after كم ("كم تبعد", "كم يبلغ") asks how much, not how many of something.
      const next = words[i + 1];
      return next && !/^[يت]/.test(next) ? next : null;
    }
    if (AR_WHAT.has(w) && NUMBER_OF.has(wordAfterWhat(words, i))) {
      return words[AR_PRONOUNS.has(words[i + 1] ?? '') ? i + 3 : i + 2] ?? null;
    }
  }
  return null;
}

/** The words for "name": "ما اسم المجلة؟", "ما هو الاسم الآخر لـ…", "ما الأسماء الأخرى…". */
export const NAME_WORDS = normalized('اسم الاسم اسماء الاسماء');

/**
 * "ما (هو) اسم X؟" asks for a name. The answer gives the name ("مجلة الجرس", "Mona Lisa") and
 * seldom says اسم.
 */
export function asksName(question: string): boolean {
  const words = tokenize(normalize(question));
  return words.some((w, i) => AR_WHAT.has(w) && NAME_WORDS.has(wordAfterWhat(words, i)));
}

const MONTHS = `يناير فبراير مارس أبريل إبريل ابريل مايو يونيو يونيه يوليو يوليه أغسطس اغسطس سبتمبر أكتوبر اكتوبر
نوفمبر ديسمبر كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين محرم صفر ربيع جمادى رجب شعبان رمضان
شوال القعدة الحجة january february march april june july august september october november december`;

/** Months whose names are also common words (see answerTypeMatcher). */
const AMBIGUOUS_MONTHS = 'آب صفر ربيع مارس الحجة القعدة محرم رجب شعبان رمضان';

const NUMBER_WORDS = `واحد اثنان اثنين اثنتين ثلاث ثلاثة أربع أربعة خمس خمسة ست ستة سبع سبعة ثمان ثماني ثمانية تسع
تسعة عشر عشرة عشرات عشرون عشرين ثلاثون ثلاثين أربعون أربعين خمسون خمسين ستون ستين سبعون سبعين ثمانون
ثمانين تسعون تسعين مئة مائة مئات ألف آلاف ألفا مليون ملايين مليار
one two three four five six seven eight nine ten dozen dozens hundred hundreds thousand thousands million`;

/**
 * Directions and distances, as a position is given: "شرقي الميادين", "جنوب غرب", "مسافة 10
 * كيلومترات" (كم and بعد are stopwords to the analyser, so "10كم" counts by its direction).
 */
const POSITION_WORDS = `شمال شمالي الشمال شمالا جنوب جنوبي الجنوب جنوبا شرق شرقي الشرق شرقا غرب غربي الغرب غربا
كيلومتر كيلومترا كيلومترات مسافة قرب بالقرب north south east west northern southern eastern western
km kilometres kilometers near`;

/**
 * A test of whether a passage counts what a "how many" question counts: a number right before one
 * of `counted`'s stems among its content words ("28 ولاية", "ثماني قذائف", "أحد عشر لاعباً").
 */
export function countMatcher(
  analyzer: Analyzer,
): (stems: readonly string[], counted: ReadonlySet<string>) => boolean {
  const numbers = new Set(analyzer.tokens(NUMBER_WORDS));
  // A year before a word dates it, it does not count it ("2017 الولايات المتحدة").
  const isNumber = (t: string) => (/^\d+$/.test(t) && !/^(1[0-9]|20)\d\d$/.test(t)) || numbers.has(t);
  return (stems, counted) => {
    for (let i = 1; i < stems.length; i++) if (counted.has(stems[i]!) && isNumber(stems[i - 1]!)) return true;
    return false;
  };
}

/**
 * A test over a passage's stems, in reading order, for each answer type, built with the index's own
 * analyser (month and number words are matched as stems, like everything else). A month whose name
 * is also a common word (آب a father, صفر zero, ربيع spring, مارس "he practised") dates a passage
 * only beside a number: "5 آب", "آب 2014", not "ولد لأب تاجر".
 */
export function answerTypeMatcher(
  analyzer: Analyzer,
): (stems: readonly string[], type: AnswerType) => boolean {
  const ambiguous = new Set(analyzer.tokens(AMBIGUOUS_MONTHS));
  const months = new Set(analyzer.tokens(MONTHS).filter((t) => !ambiguous.has(t)));
  const numbers = new Set(analyzer.tokens(NUMBER_WORDS));
  const isYear = (t: string) => /^\d{3,4}$/.test(t);
  const isNumber = (t: string) => /^\d+$/.test(t);
  const positions = new Set(analyzer.tokens(POSITION_WORDS));
  const holds: Record<AnswerType, (t: string, i: number, stems: readonly string[]) => boolean> = {
    date: (t, i, stems) =>
      isYear(t) ||
      months.has(t) ||
      (ambiguous.has(t) && [stems[i - 1], stems[i + 1]].some((n) => n && isNumber(n))),
    number: (t) => isNumber(t) || numbers.has(t),
    position: (t) => positions.has(t),
  };
  return (stems, type) => stems.some((t, i) => holds[type](t, i, stems));
}
