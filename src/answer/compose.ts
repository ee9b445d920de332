import type { Language } from '../corpus/types.js';
import { isName, type ArabicMatch, type Lexicon, type LexiconEntry } from '../search/lexicon.js';
import type { PassageRow } from '../index/index.js';
import { expectedAnswerType } from '../search/answer-type.js';
import { asksOf, type Concept } from '../search/plan.js';
import {
  holdsName,
  JOINED,
  TermView,
  type RetrievedPassage,
  type SearchResult,
} from '../search/retriever.js';
import { memoize } from '../memo.js';
import { normalize } from '../text/index.js';
import {
  datesIn,
  dayOf,
  dayOfWeek,
  formatMention,
  questionDays,
  referenceOf,
  sameDay,
  sameDays,
  statesDay,
  statesWeekday,
  questionWeekdays,
  weekdayName,
  weekdaysIn,
  yearsIn,
  YEAR_CUES,
  type DateMention,
  type WeekdayMention,
} from './dates.js';
import { formatDate, formatOrigin } from './format.js';
import type { Citation } from './types.js';

export interface ComposeOptions {
  lexicon: Lexicon;
  /** Below this coverage of the question by the best passage, the answer is an abstention. */
  minCoverage: number;
  /** A passage after the first is cited only if it covers at least this share of what the first does (and minCoverage). */
  secondaryRatio?: number;
  maxCitations?: number;
  /** One line saying what the corpus does cover, in each language, for abstentions. */
  coverageNote: Record<Language, string>;
  /** An article's text, to quote neighbouring passages as one span (see choosePassages). */
  articleText?: (articleId: string) => string | undefined;
  /** An article's passages' analysed terms, to tell whether it names what the question names (see unnamed). */
  articlePassages?: (articleId: string) => readonly TermView[];
}

export interface Composed {
  abstained: boolean;
  text: string;
  citations: Citation[];
  /** With an abstention, the best passages retrieved (see Answer.considered). */
  considered?: Citation[];
  topScore: number;
  /** The labels of the names it abstained for: the question asks about them, no cited article names them. */
  unnamed?: string[];
}

/** How many of the cited passages an answer quotes in its text; the rest are listed below it. */
export const QUOTED = 2;
/**
 * A passage after the first is cited when it covers at least this share of what the first does.
 * An answer often sits in a sentence that shares few words with the question ("ويتركز أغلب سكان
 * مصر" for "الغالبية العظمى"). Arcd dev: hit@5 91.2 → 91.4 at 0.3 (from 0.5), with ANT as
 * distractors 81.7 → 82.2; the same at 0; seed dev unchanged.
 */
const SECONDARY_RATIO = 0.3;

/** How many of the passages an abstention set aside are kept for moderators. */
const CONSIDERED = 3;

/** Passages retrieved beyond the citations wanted, since joining neighbours leaves fewer. */
export const JOIN_SPARE = 3;

/** Turns ranked passages into an answer in the question's language, or an honest abstention. */
export function compose(result: SearchResult, opts: ComposeOptions): Composed {
  const lang = result.plan.language;
  // Joining passages, the day check and the lead check may each read the same article: once here.
  const articleText = opts.articleText && onceEach(opts.articleText);
  const top = result.passages[0];
  // A name the lexicon does not know may be one it knows, misspelt: "Grean Vilage", "Al-Omr".
  const meant = unique((result.plan.unknownNames ?? []).flatMap((n) => opts.lexicon.nearestName(n) ?? []));
  const ask = meant.length
    ? {
        ar: `\nهل تقصد ${meant.map((e) => `«${arabicName(e)}»`).join(' أو ')}؟`,
        en: `\nDid you mean ${meant.map(gloss).join(' or ')}?`,
      }
    : { ar: '', en: '' };
  /**
   * An abstention: why (`ar` or `en`, by the question's language), the name it may have meant,
   * then what the articles cover.
   */
  const abstain = (ar: string, en: string): Composed => ({
    abstained: true,
    text:
      lang === 'ar' ? `${ar}${ask.ar}\n${opts.coverageNote.ar}` : `${en}${ask.en}\n${opts.coverageNote.en}`,
    citations: [],
    considered: result.passages.slice(0, CONSIDERED).map((p, i) => toCitation(p, i + 1)),
    topScore: top?.coverage ?? 0,
  });
  if (!top || top.coverage < opts.minCoverage) {
    return abstain(
      'لا تغطي المقالات المتوفرة لديّ هذا السؤال، فلا أستطيع الإجابة عنه منها.',
      'The articles I have do not cover this question, so I cannot answer it from them.',
    );
  }
  const floor = Math.max(opts.minCoverage, top.coverage * (opts.secondaryRatio ?? SECONDARY_RATIO));
  const chosen = onTheDay(
    result.plan.question,
    choosePassages(result.passages, {
      slots: opts.maxCitations ?? 5,
      cited: (p, i) => i === 0 || p.coverage >= floor,
      articleText,
    }),
  );
  const missing = opts.articlePassages ? unnamed(result.plan.concepts, chosen, opts.articlePassages) : [];
  const unread = unquoted(result.plan.unknownNames ?? [], chosen);
  const question = result.plan.question;
  const days = undated(question, chosen, articleText);
  const weekdays = unstatedWeekdays(question, lang, chosen, articleText);
  const months = unstatedMonths(question, chosen, articleText);
  // "5 January 2021" and "November 2018" are said whole, not also their year.
  const ofDays = (c: Concept) =>
    YEAR.test(c.label) && [...days, ...months].some((d) => d.year === Number(c.label));
  if (missing.length || unread.length || days.length || weekdays.length || months.length) {
    const names = [
      ...missing.filter((c) => !ofDays(c)).map((c) => `«${c.display ?? c.label}»`),
      ...unread.map((n) => `«${n}»`),
      ...[...days, ...weekdays, ...months].map((d) => `«${question.slice(d.start, d.end)}»`),
    ];
    return {
      ...abstain(
        `لا يذكر أيٌّ من المقالات المطابقة لهذا السؤال ${names.join(' ولا ')}، فلا أستطيع الإجابة عنه منها.`,
        `None of the articles that match this question mentions ${names.join(' or ')}, so I cannot answer it from them.`,
      ),
      ...(missing.length ? { unnamed: missing.map((c) => c.label) } : {}),
    };
  }
  const unasked = unanswered(result.plan.concepts, chosen);
  if (unasked.length) {
    const words = unasked.map((c) => `«${c.display ?? c.label}»`);
    return abstain(
      `لا تتحدث المقاطع المطابقة لهذا السؤال عن ${words.join(' ولا ')}، فلا أستطيع الإجابة عنه منها.`,
      `The passages that match this question say nothing of ${words.join(' or ')}, so I cannot answer it from them.`,
    );
  }
  const citations = chosen.map((p, i) => toCitation(p, i + 1));
  // The text quotes the strongest passages; the rest stand as numbered citations below it.
  const asksWhen = expectedAnswerType(question, lang) === 'date';
  const asked = result.plan.entities.filter(isName);
  // Read once per citation: toQuote and undatedNote both ask it of the quotes.
  const naming = new Map<Citation, boolean>();
  const about = (c: Citation) => {
    let names = naming.get(c);
    if (names === undefined) naming.set(c, (names = asked.every((e) => named([c.text], e, opts.lexicon))));
    return names;
  };
  const quoted = toQuote(citations, asksWhen, about);
  const offLead = leadLacks(quoted, result.plan.entities, opts.lexicon, articleText);
  const when = asksWhen ? undatedNote(quoted, about, asked, lang) : undefined;
  // By its article's language, not its script: an Arabic article's passage may be a tweet in English.
  const english = new Set(citations.filter((_, i) => chosen[i]!.row.language === 'en'));
  const given: Body = { all: citations, quoted, result, lexicon: opts.lexicon, offLead, when, english };
  const body = lang === 'ar' ? arabicBody(given) : englishBody(given);
  return { abstained: false, text: body, citations, topScore: top.coverage };
}

/** A year, as a question names one ("عام 2011", "in 1941"). */
const YEAR = /^(1[5-9]|20)\d\d$/;

/**
 * The names (places, groups, people, institutions the lexicon knows) that the question asks about
 * and none of the cited articles mentions, in any spelling: the passages then match the rest of
 * the question but are about something else ("How many drones struck Tower 22 in Jordan?" against
 * drone strikes in Deir ez-Zor), and the articles do not cover it. On every dev set no answered
 * question has such a name; a check set of near-topic questions (Ain al-Asad in Iraq, Jordan, the
 * Russian military) had three of four. A name carried from the question a follow-up follows is not
 * asked about again: "and at Al-Tanf?" may leave Mayadin behind.
 *
 * A name of several words is mentioned where its words stand together in one passage, as the
 * retriever matches names (TermView.match): "وزارة الخارجية الإيرانية" is not in an article that
 * says "من خارج القاعدة" and "إيران" a paragraph later.
 *
 * A year the question names counts as such a name, unless a cited article was published in it:
 * "What happened in Syria in 2011?" is not answered by a 2022 article that names Syria.
 */
export function unnamed(
  concepts: readonly Concept[],
  cited: readonly RetrievedPassage[],
  articlePassages: (articleId: string) => readonly TermView[],
): Concept[] {
  const names = (c: Concept, passage: TermView) => holdsName(c, (form, name) => passage.match(form, name));
  // Most names stand in a cited passage itself (a joined span's first passage, or a copy); only the
  // others are looked for in whole articles.
  const rows = cited.flatMap((p) => [p.row, ...p.alsoIn]);
  const passages = rows.map((r) => new TermView(r.terms));
  const published = new Set(rows.map((r) => r.published?.slice(0, 4)));
  const asked = (c: Concept) => c.name || (YEAR.test(c.label) && !published.has(c.label));
  const left = concepts.filter((c) => asked(c) && !c.carried && !passages.some((held) => names(c, held)));
  if (!left.length) return [];
  const articles = [...new Set(rows.map((r) => r.articleId))];
  const views = articles.flatMap(articlePassages);
  return left.filter((c) => !views.some((held) => names(c, held)));
}

/**
 * The cited passages, those that state a day the question names first, in their order: "What
 * happened on January 4?" is answered by the strike of «أمس، الثلاثاء» in a 5 January article before
 * the threats of 2 January, which share more of its words ("January", "4" in "4 صواريخ"). A day of
 * the week named alone is not put first so: the sentence that answers often follows the one that names
 * the day («ليل الثلاثاء… فيما قُتل عنصر…»).
 */
function onTheDay(question: string, chosen: RetrievedPassage[]): RetrievedPassage[] {
  const asked = questionDays(question);
  if (!asked.length) return chosen;
  const states = (p: RetrievedPassage) => [p.row, ...p.alsoIn].some((r) => statesDay(asked, r));
  const [on, off] = [chosen.filter(states), chosen.filter((p) => !states(p))];
  return [...on, ...off];
}

/**
 * The days the question names ("on January 10", «يوم 3 كانون الثاني») that no cited article states,
 * in its words or as a day counted from its date («أمس، الثلاثاء»), nor was published on: "What did
 * Kirby say on January 10?" is not answered by what he said on 4 January. A year is compared only
 * where both give one. Most questions name no day, and then nothing is read.
 */
export function undated(
  question: string,
  cited: readonly RetrievedPassage[],
  articleText?: (articleId: string) => string | undefined,
): DateMention[] {
  return unstated(questionDays(question), cited, articleText, (d, r) => {
    const ref = referenceOf(r.published, r.publishedPrecision);
    if (ref?.day !== undefined && sameDay(d, { day: ref.day, month: ref.month!, year: ref.year }))
      return true;
    return statesDay([d], r);
  });
}

/**
 * The months the question names with their year and without a day ("in November 2018", «في ديسمبر
 * 2018») that no cited article states (a date in that month, its year the same or not known) nor was
 * published in: "How many civilians were killed in the strike on al-Shaafa in November 2018?" is not
 * answered from an article of October 2018 that names al-Shaafa, nor "What happened in Hajin in
 * December 2018?" from one that says «في ديسمبر 2011».
 */
export function unstatedMonths(
  question: string,
  cited: readonly RetrievedPassage[],
  articleText?: (articleId: string) => string | undefined,
): DateMention[] {
  const asked = datesIn(question).filter((d) => d.day === undefined && d.year !== undefined);
  return unstated(asked, cited, articleText, (m, r) => {
    const ref = referenceOf(r.published, r.publishedPrecision);
    if (ref?.month === m.month && ref.year === m.year) return true;
    return datesIn(r.text, ref).some((d) => d.month === m.month && (d.year ?? m.year) === m.year);
  });
}

/**
 * The days of the week the question names without a date that no cited passage says anything
 * happened on (statesWeekday), nor any cited article: "What happened on Monday?" is not answered by
 * an undated passage of the strikes «ليل الثلاثاء».
 */
export function unstatedWeekdays(
  question: string,
  lang: Language,
  cited: readonly RetrievedPassage[],
  articleText?: (articleId: string) => string | undefined,
): WeekdayMention[] {
  return unstated(questionWeekdays(question, lang), cited, articleText, (w, r) =>
    statesWeekday(w.weekday, r),
  );
}

/**
 * What the question names (`asked`) that no cited passage `states`, nor any cited article: only where
 * no cited passage states it are whole articles read.
 */
function unstated<T>(
  asked: readonly T[],
  cited: readonly RetrievedPassage[],
  articleText: ((articleId: string) => string | undefined) | undefined,
  states: (asked: T, row: PassageRow) => boolean,
): T[] {
  if (!asked.length) return [];
  const rows = cited.flatMap((p) => [p.row, ...p.alsoIn]);
  const articles = [...new Map(rows.map((r) => [r.articleId, r])).values()];
  return asked.filter(
    (a) =>
      !rows.some((r) => states(a, r)) &&
      !articles.some((r) => articleText && states(a, { ...r, text: articleText(r.articleId) ?? '' })),
  );
}

/**
 * What the question asks about its names (asksOf: "population" in "What is the population of
 * Syria?"), when no cited passage holds any of it: they match the question by its names alone, and
 * say nothing of what it asks. Empty when the question asks nothing beyond its names, or a cited
 * passage holds some of what it asks.
 */
export function unanswered(concepts: readonly Concept[], cited: readonly RetrievedPassage[]): Concept[] {
  if (!cited.length || cited.some((p) => p.asked === undefined || p.asked > 0)) return [];
  return asksOf(concepts);
}

/**
 * The names the lexicon does not know (QueryPlan.unknownNames: "FIFA World Cup", "Pearl Harbor")
 * that no cited passage quotes in Latin letters, as articles sometimes do ("القرية الخضراء (Green
 * Village)"). The bot cannot look such a name up in Arabic, so passages that match the rest of the
 * question are not about it.
 */
export function unquoted(names: readonly string[], cited: readonly RetrievedPassage[]): string[] {
  const texts = cited.flatMap((p) => [p.row, ...p.alsoIn]).map((r) => r.text.toLowerCase());
  return names.filter((name) => !texts.some((t) => t.includes(name.toLowerCase())));
}

function toCitation(p: RetrievedPassage, n: number): Citation {
  const r = p.row;
  return {
    n,
    articleId: r.articleId,
    title: r.title,
    source: r.source,
    published: r.published,
    publishedPrecision: r.publishedPrecision,
    url: r.url,
    text: r.text,
    start: r.start,
    end: r.end,
    score: p.coverage,
    alsoIn: p.alsoIn.map((d) => ({
      articleId: d.articleId,
      source: d.source,
      published: d.published,
      publishedPrecision: d.publishedPrecision,
      url: d.url,
      text: d.text,
      start: d.start,
      end: d.end,
    })),
  };
}

// Counting words as Arabic news writes them, normalised (ة→ه, أ→ا), masculine and feminine.
const NUMBER_WORDS: Record<string, number> = {
  واحد: 1,
  واحده: 1,
  اثنان: 2,
  اثنين: 2,
  اثنتان: 2,
  اثنتين: 2,
  ثلاث: 3,
  ثلاثه: 3,
  اربع: 4,
  اربعه: 4,
  خمس: 5,
  خمسه: 5,
  ست: 6,
  سته: 6,
  سبع: 7,
  سبعه: 7,
  ثماني: 8,
  ثمانيه: 8,
  ثمان: 8,
  تسع: 9,
  تسعه: 9,
  عشر: 10,
  عشره: 10,
  عشرون: 20,
  عشرين: 20,
  ثلاثون: 30,
  ثلاثين: 30,
  مئه: 100,
  مائه: 100,
};

/**
 * The number a word spells, with or without a proclitic ("وثلاثة" is 3), or undefined. Kept by word:
 * every word of every quoted passage is looked up, and news repeats its words.
 */
const numberWord = memoize((word: string): number | undefined => {
  const n = normalize(word);
  return NUMBER_WORDS[n] ?? (/^[وبلف]/.test(n) ? NUMBER_WORDS[n.slice(1)] : undefined);
}, 20_000);

/**
 * A number as an article writes it, in Western digits with a decimal point: Arabic-Indic and
 * Persian digits read, ٫ and ٬ (the Arabic decimal and thousands separators) read, and a comma
 * before anything but groups of three read as the decimal comma it is in Arabic ("68,5 مليون" is
 * 68.5 million; "1,500" stays 1,500).
 */
export function westernNumber(written: string): string {
  const ascii = written
    .replace(/[\u0660-\u0669]/gu, (d) => String(d.charCodeAt(0) - 0x660))
    .replace(/[\u06f0-\u06f9]/gu, (d) => String(d.charCodeAt(0) - 0x6f0))
    .replaceAll('\u066b', '.')
    .replaceAll('\u066c', ',');
  return /^\d+,\d+$/.test(ascii) && !/^\d{1,3},\d{3}$/.test(ascii) ? ascii.replace(',', '.') : ascii;
}

/**
 * A noun in the accusative, as Arabic writes what 11 to 99 count ("25 قتيلا", "12 مسلحًا"): its last
 * alif after a letter that does not make it a pronoun or a long vowel ("بها", "هنا", "كذا").
 */
const ACCUSATIVE = /^\p{Script=Arabic}{2,}[^\s\u0627\u0647\u0646\u0630]\u064b?\u0627\u064b?$/u;

/** A model's letters before its number: "F-15", "MQ-9", "(إف 16)", "وأف-16", "إس 400", "سو 24". */
const MODEL =
  /(?:(?<![\p{L}\p{M}])\p{Script=Latin}{1,3}[-\u2010\u2011]|(?<![\p{L}\p{M}])[وبلف]?(?:إف|أف|اف|إس|أس|اس|ميغ|سو)[-\u2010\u2011 ])$/u;

/** The first word of an ordinal from 11 to 19, normalised: الحادية عشرة, الثالث عشر. */
const ORDINAL_UNITS = new Set(
  ['حادي', 'ثاني', 'ثالث', 'رابع', 'خامس', 'سادس', 'سابع', 'ثامن', 'تاسع'].flatMap((w) =>
    [w, `${w}ة`, `ال${w}`, `ال${w}ة`].map(normalize),
  ),
);

/** Words after a number that are not what it counts ("قتل 3 في الهجوم"), normalised. */
const NOT_COUNTED = new Set(
  ['في', 'على', 'إلى', 'عن', 'مع', 'بين', 'منذ', 'خلال', 'حتى', 'أو', 'ثم', 'و'].map(normalize),
);

export interface Figure {
  number: string;
  /**
   * What the number counts: the word right after it ("قذائف"), or after its "من" ("ثلاثة من عناصر");
   * null when a word like في follows it ("قتل 3 في الهجوم" counts nothing it names).
   */
  word: string | null;
  /** That word with the one after it, if adjacent ("قذائف صاروخية"), for the lexicon to name as one unit. */
  phrase: string | null;
}

/** Words that scale the number before them ("100 ألف مقاتل" is 100,000 fighters), normalised. */
const SCALES = new Map(
  (
    [
      ['ألف', 1e3],
      ['آلاف', 1e3],
      ['مليون', 1e6],
      ['ملايين', 1e6],
      ['مليار', 1e9],
    ] as const
  ).map(([w, n]) => [normalize(w), n]),
);

/** What may be written onto a number: a proclitic, the article, or both ("و10", "الـ24", "بال3"). */
const PROCLITICS = /^(?:[وفبلك]{1,2}|[وفبلك]?ال|[وف]?لل)$/u;

/**
 * Numbers a passage states, in digits or in words ("بثماني قذائف" → 8), each with the word
 * after it, so a lead can state them plainly. Not the days and years of its dates (see datesIn),
 * nor a year ("وفي عام 2018"), nor a number that is part of a name: one written onto letters
 * ("ديرالزور24", "SY24") or before a plus ("963+"), or one inside `names` (spans of `text`, such
 * as the lexicon's "دير الزور 24" and "منطقة الـ 55").
 */
export function figuresIn(
  text: string,
  names: readonly { start: number; end: number }[] = [],
  counted?: (singular: string) => boolean,
): Figure[] {
  const matches = [...text.matchAll(/\p{N}+(?:[.,\u066b\u066c]\p{N}+)*|[\p{L}\p{M}]+/gu)];
  // A date's day and year are not figures ("الأربعاء 5 من كانون الثاني" is not five of anything).
  // Read only once a number is found: most passages' words are none.
  let dates: DateMention[] | undefined;
  // A word counts as what a number counts only when nothing but spaces stands before it: "(13 أكتوبر
  // 1958، المدينة" gives "13 أكتوبر" and a bare 1958, not "1958 المدينة".
  const spaced = (j: number): boolean => {
    const [before, word] = [matches[j - 1], matches[j]];
    return !!before && !!word && /^\s*$/u.test(text.slice(before.index + before[0].length, word.index));
  };
  const wordAt = (j: number): string | null =>
    spaced(j) && /^\p{L}/u.test(matches[j]![0]) ? matches[j]![0] : null;
  /** Whether the word at `j` is one a number counts: a term the lexicon knows, or one in the accusative. */
  const counts = (j: number): boolean => {
    const word = wordAt(j);
    return !!word && (ACCUSATIVE.test(word) || (counted?.(word) ?? false));
  };
  const out: Figure[] = [];
  // A word the dual before it has counted ("عنصرين اثنين", "طائرتين مسيرتين").
  let skip = -1;
  matches.forEach((m, i) => {
    if (i === skip) return;
    const w = m[0];
    const digits = /^\p{N}/u.test(w);
    const value = digits ? westernNumber(w) : numberWord(w);
    if (value === undefined) {
      const one = counted && !names.some((d) => m.index >= d.start && m.index < d.end) && dualOf(w, counted);
      if (!one) return;
      const next = wordAt(i + 1);
      const two = next !== null && numberWord(next) === 2;
      // An adjective in the dual agrees with the noun ("طائرتين مسيرتين"): one pair. So does a word the
      // lexicon knows only together with the noun; another noun ("بيانين وصاروخين") is a pair of its own.
      const noun = next && !two ? dualOf(next, counted) : undefined;
      const after = next && !two && !noun && !/^و/u.test(next) ? dualOf(next, () => true) : undefined;
      const agreeing = noun && counted(`${one.singular} ${noun.singular}`) ? noun : after;
      out.push({
        number: '2',
        word: one.written,
        phrase: agreeing ? `${one.singular} ${agreeing.singular}` : one.singular,
      });
      // The number word, or the adjective that agrees with the noun ("مسيرتين"), is not a second pair.
      if (two || agreeing) skip = i + 1;
      return;
    }
    dates ??= datesIn(text);
    if (dates.some((d) => m.index >= d.start && m.index < d.end)) return;
    if (names.some((d) => m.index >= d.start && m.index < d.end)) return;
    // Written onto letters before it, other than a proclitic or the article ("و10كم", "الـ24 ساعة"),
    // or before a plus. Onto an Arabic word and before what it counts, it is a figure the article
    // forgot a space before ("حتى الآن25 قتيلا", "قتل12 مسلحا"), as France 24 often writes them.
    const before = text.slice(Math.max(0, m.index - 12), m.index);
    const onto = digits ? /[\p{L}\p{M}]+$/u.exec(before) : null;
    if (
      onto &&
      !PROCLITICS.test(onto[0].replaceAll('\u0640', '')) &&
      !(ARABIC_SCRIPT.test(onto[0]) && counts(i + 1))
    )
      return;
    if (digits && (text[m.index + w.length] === '+' || MODEL.test(before))) return;
    // "الساعة الحادية عشرة" is the eleventh hour, not ten of anything.
    if (!digits && value === 10 && spaced(i) && ORDINAL_UNITS.has(normalize(matches[i - 1]![0]))) return;
    let at = i + 1;
    let word = wordAt(at);
    if (word && normalize(word) === 'من') word = wordAt(++at);
    else if (word && NOT_COUNTED.has(normalize(word))) word = null;
    let number = String(value);
    const scale = word ? SCALES.get(normalize(word)) : undefined;
    if (scale && /^[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?$/.test(number)) {
      number = (Number(number.replaceAll(',', '')) * scale).toLocaleString('en-US');
      word = wordAt(++at);
    }
    const year = digits && /^[0-9]{4}$/.test(number) && Number(number) >= 1800 && Number(number) <= 2100;
    const cued = spaced(i) && YEAR_CUES.has(normalize(matches[i - 1]![0]));
    if (year && (!word || cued)) return;
    const second = word && wordAt(at + 1);
    const phrase = second ? text.slice(matches[at]!.index, matches[at + 1]!.index + second.length) : word;
    out.push({ number, word, phrase });
  });
  return out;
}

/**
 * A noun in the dual, which counts two without a number: "بطائرتين" (two aircraft), "عنصرين" (two
 * members), "هجمتين". Its singular must be a word `counted` knows (the lexicon's terms), which keeps out
 * names that end the same way ("بوتين", "حسين"). The masculine ending is also the sound plural's, so it
 * is read as a dual only where news writes that plural otherwise: not after "ي" ("مدنيين"), on a word in
 * م ("مقاتلين") or on a فاعل ("تابعين", "اللاجئين"); nor a ten ("خمسين"), a verb ("يستخدمان"), or a
 * word of two letters before its ending ("الكمين" is an ambush, not two كم).
 * `written` is the dual without its proclitic ("طائرتين"); `singular` is what the lexicon is asked
 * about ("طائرة").
 */
function dualOf(
  word: string,
  counted: (singular: string) => boolean,
): { written: string; singular: string } | undefined {
  const bare = word.replaceAll('\u0640', '').replace(/[\u064b-\u0652]/gu, '');
  // The word as it would be with each proclitic it may carry taken off ("للمقاتلين" → "مقاتلين").
  const cores = [0, 1, 2, 3]
    .filter((cut) => cut < bare.length - 3 && (!cut || PROCLITICS.test(bare.slice(0, cut))))
    .map((cut) => bare.slice(cut));
  const plural = cores.some((core) => {
    const stem = /^(.+)(?:ين|ان)$/u.exec(core)?.[1];
    return (
      !!stem &&
      (/ي$|^م|^.ا.{2}$|^.{1,2}$/u.test(stem) || numberWord(stem) !== undefined || /^[يتن].*ان$/u.test(core))
    );
  });
  for (const written of cores) {
    const feminine = /^(.{2,})ت(?:ين|ان)$/u.exec(written)?.[1];
    const masculine = plural ? undefined : /^(.{3,})(?:ين|ان)$/u.exec(written)?.[1];
    const singular = [feminine && `${feminine}ة`, masculine].find((c): c is string => !!c && counted(c));
    if (singular) return { written, singular };
  }
  return undefined;
}

/** Whether the lexicon knows a word as a whole term or time ("طائرة", "يوم"), for dualOf. */
export function countedBy(lexicon: Lexicon): (singular: string) => boolean {
  return (singular) =>
    lexicon.findArabic(singular).some((m) => m.start === 0 && m.end === singular.length && !isName(m.entry));
}

/** Where a passage names what the lexicon knows by name ("دير الزور 24"), not a term ("ثمانية"). */
function namedSpans(text: string, lexicon: Lexicon): ArabicMatch[] {
  return lexicon.findArabic(text).filter((m) => isName(m.entry));
}

/** What an answer's text is written from, in either language. */
interface Body {
  /** Every citation, numbered. */
  all: Citation[];
  /** Those quoted in the text (toQuote). */
  quoted: Citation[];
  result: SearchResult;
  lexicon: Lexicon;
  /** Asked-about names the first citation's article lacks (leadLacks). */
  offLead: readonly NamedIn[];
  /** For a "when" question, what the quotes do not say of when (undatedNote). */
  when: string | undefined;
  /** The citations of articles written in English: quoted as they are, with no figures read into them. */
  english: ReadonlySet<Citation>;
}

/**
 * What the English lead says as "and 3 other passages cited below", in Arabic, for one, two, and
 * three or more passages: the Arabic had not said that more were cited.
 */
const ALSO_CITED = ['ومقطع آخر مستشهد به', 'ومقطعان آخران مستشهد بهما', 'ومقاطع أخرى مستشهد بها'] as const;

/**
 * The Arabic answer: the strongest passages quoted, each with where it comes from, then their
 * figures. A name the question asks about that the quotes lack is said first, as the English
 * lead says it: "هل قصفت روسيا مواقع في دير الزور؟" answered by a quote about the coalition's
 * shelling must not read as Russia's.
 */
function arabicBody({ all, quoted: citations, result, lexicon, offLead, when, english }: Body): string {
  const lines: string[] = [];
  const cited = (ns: number[]) => ns.map((n) => `[${n}]`).join('، ');
  for (const { entry, cites } of offLead)
    lines.push(`لا يرد ذكر ${arabicName(entry)} في مقال المقطع [1]، وإنما في ${cited(cites)}.`);
  const { elsewhere, nowhere } = absentNames(all, citations, result.plan.entities, lexicon);
  if (elsewhere.length) {
    const named = elsewhere.map((a) => `${arabicName(a.entry)} (ورد في ${cited(a.cites)})`);
    lines.push(`لم يرد في المقاطع المقتبسة أدناه: ${named.join('، ')}.`);
  }
  if (nowhere.length)
    lines.push(`لم يرد في أيٍّ من المقاطع المستشهد بها أدناه: ${unique(nowhere.map(arabicName)).join('، ')}.`);
  citations.forEach((c, i) => {
    const intro = i === 0 ? 'بحسب' : 'وبحسب';
    lines.push(`${intro} ${formatOrigin(c.source, c.published, c.publishedPrecision, 'ar')} [${c.n}]:`);
    lines.push(`«${c.text}»`);
  });
  const below = all.filter((c) => !citations.includes(c)).map((c) => `[${c.n}]`);
  if (below.length) lines.push(`${ALSO_CITED[Math.min(below.length, 3) - 1]} أدناه: ${below.join('، ')}.`);
  const figures = attributed(
    citations,
    (c) => arabicFigures(c, lexicon, english).map((f) => (f.word ? `${f.number} ${f.word}` : f.number)),
    'ar',
  );
  if (figures.length) lines.push(`أرقام واردة: ${figures.join('، ')}`);
  const dates = datesOf(citations, 'ar');
  if (dates.length) lines.push(`تواريخ واردة: ${dates.slice(0, 6).join('، ')}`);
  if (when) lines.push(when);
  return lines.join('\n');
}

/**
 * The English answer: where it comes from, the dates, figures and names of the quoted passages in English,
 * then the quotes with the names glossed. A name the question asks about that the quotes lack is
 * said so, with the later citations that name it: the reader is not left to think no passage does.
 */
function englishBody({ all, quoted: citations, result, lexicon, offLead, when, english }: Body): string {
  const lines: string[] = [];
  const first = citations[0]!;
  const quotedNames = namesIn(citations, lexicon);
  const spelt = result.plan.concepts.filter((c) => c.spelt && !c.carried);
  const figures = attributed(
    citations,
    (c) =>
      arabicFigures(c, lexicon, english).map((f) => {
        // "بثماني قذائف صاروخية" counts rocket shells, not shelling: the longest name the words start with.
        const word = f.phrase ? lexicon.findArabic(f.phrase).find((m) => m.start === 0)?.entry : undefined;
        return word ? `${f.number} (${gloss(word)})` : f.number;
      }),
    'en',
  );
  const dates = datesOf(citations, 'en');
  const others = all.length - 1;
  const inArabic = citations.filter((c) => !english.has(c)).length;
  lines.push(
    `From ${formatOrigin(first.source, first.published, first.publishedPrecision, 'en')} [1]` +
      (others > 0 ? `, and ${others} other passage${others > 1 ? 's' : ''} cited below.` : '.') +
      (inArabic === citations.length
        ? ' The articles are in Arabic; names the lexicon knows are translated in brackets.'
        : inArabic
          ? ' Names the lexicon knows are translated in brackets in the Arabic quotes.'
          : ''),
  );
  const facts: string[] = [];
  const cited = (ns: number[]) => ns.map((n) => `[${n}]`).join(', ');
  for (const { entry, cites } of offLead)
    facts.push(
      `The article of [1] does not name ${gloss(entry)}; ${cited(cites)} ${cites.length > 1 ? 'do' : 'does'}.`,
    );
  if (dates.length) facts.push(`Dates: ${dates.slice(0, 6).join(', ')}.`);
  if (when) facts.push(when);
  if (figures.length) facts.push(`Figures: ${figures.slice(0, 8).join(', ')}.`);
  const named = unique(quotedNames.map(gloss));
  if (named.length) facts.push(`Names: ${named.slice(0, 8).join(', ')}.`);
  const { elsewhere, nowhere } = absentNames(all, citations, result.plan.entities, lexicon, quotedNames);
  if (elsewhere.length)
    facts.push(
      `Not in the quoted passages: ${elsewhere.map((a) => `${gloss(a.entry)} (named in ${cited(a.cites)})`).join(', ')}.`,
    );
  if (nowhere.length) facts.push(`Not named in any cited passage: ${unique(nowhere.map(gloss)).join(', ')}.`);
  if (facts.length) lines.push(facts.join(' '));
  for (const c of citations) {
    lines.push(
      `[${c.n}] ${formatDate(c.published, c.publishedPrecision, 'en')}: «${glossed(c.text, lexicon, spelt)}»`,
    );
  }
  return lines.join('\n');
}

/** The dates a citation's passage states, with its article's date to count from. */
const datesOfCitation = (c: Citation): DateMention[] =>
  datesIn(c.text, referenceOf(c.published, c.publishedPrecision));

/** Whether a citation's passage states a date, or a year on its own ("وفي عام 2018"). */
const statesDate = (c: Citation): boolean => datesOfCitation(c).length > 0 || yearsIn(c.text).length > 0;

/** Whether a citation's passage says when, if only by the day of the week («والثلاثاء، أعلنت…»). */
const statesWhen = (c: Citation): boolean => statesDate(c) || weekdaysIn(c.text).length > 0;

/**
 * The days the quoted passages state, each said once, with the citations that state it, then the
 * years they state on their own ("2018 in [1]": when the coalition took Green Village as a base).
 */
function datesOf(citations: readonly Citation[], lang: Language): string[] {
  // One string per day: sameDays leaves no two mentions that read the same.
  const mentions = citations.map(datesOfCitation);
  const days = sameDays(mentions.flat());
  return attributed(
    citations,
    (c, i) => {
      const own = new Set(mentions[i]!.map(dayOf));
      return [
        ...days.filter((d) => own.has(dayOf(d))).map((d) => formatMention(d, lang)),
        ...yearsIn(c.text, mentions[i]).map((y) => String(y.year)),
      ];
    },
    lang,
  );
}

/**
 * The passages to quote: the first QUOTED, and for a question that asks when ("متى", "When was Green
 * Village attacked?"), the first later citation that says when (a date, a year or a day of the week) and
 * names every name the question asks about (`about`), when none of those that name them states a date
 * (a question that names nothing the lexicon knows, "في أي عام توفي نجيب محفوظ؟", takes the first
 * later citation that says when: arcd dev, one fact more, no other answer changed); when they name a
 * day of the week, only a date that fell on it. The passage that matches such a question best
 * often tells of the event without its date («قبل ساعات من الهجوم…»), and the answer is then in another
 * («…صباح اليوم، الأربعاء 5 من كانون الثاني»). A dated passage about something else is not quoted: its
 * date would read as the answer ("When did Psaki comment…" is not answered by the attacks of 3 January).
 */
function toQuote(all: readonly Citation[], asksWhen: boolean, about: (c: Citation) => boolean): Citation[] {
  const first = all.slice(0, QUOTED);
  if (!asksWhen) return first;
  const own = first.filter(about);
  if (own.some(statesDate)) return first;
  // Quotes that name only a day of the week take a date that fell on that day: «والأربعاء، أكدت
  // التحالف… القرية الخضراء» takes Wednesday 5 January, and the Pentagon's «والثلاثاء، أعلنت» does
  // not take the rocket attacks of Monday 3 January.
  // A month or a year alone («منذ آب 2014») cannot fall on another day, and may be what is asked.
  const weekdays = new Set(own.flatMap((c) => weekdaysIn(c.text)));
  const onWeekday = (c: Citation) => {
    const dates = datesOfCitation(c);
    if (dates.some((d) => d.day !== undefined))
      return dates.some((d) => weekdays.has(d.weekday ?? dayOfWeek(d) ?? -1));
    return statesDate(c);
  };
  const fits = weekdays.size ? onWeekday : statesWhen;
  const dated = all.slice(QUOTED).find((c) => fits(c) && about(c));
  return dated ? [...first, dated] : first;
}

/**
 * For a question that asks when, what the quotes do not say: that none states a date, or that they
 * name only the day of the week («أول أمس الخميس» in an article dated only to its month), so the date
 * shown beside each quote, its article's, is not read as the answer. Undefined when a quote states one.
 *
 * Only quotes that name every name the question asks about (`about`, `asked`) count: "When did
 * Iranian-backed militias attack the Conoco gas field?" quoted SY24's undated attack on Conoco and a
 * passage of 3 January about Al-Omar alone, and "Dates: 3 January 2022 in [2]" read as the answer.
 * The note then says which quotes it speaks of, and that the dates listed are of the others.
 */
function undatedNote(
  quoted: readonly Citation[],
  about: (c: Citation) => boolean,
  asked: readonly LexiconEntry[],
  lang: Language,
): string | undefined {
  const own = quoted.filter(about);
  if (own.some(statesDate)) return undefined;
  // Whether the dates the answer lists are all of quotes that do not name what is asked.
  const others = quoted.some(statesDate);
  const which = others ? asked.map((e) => (lang === 'ar' ? arabicName(e) : gloss(e))) : [];
  const names = new Intl.ListFormat(lang, { type: 'conjunction' }).format(which);
  const weekdays = attributed(
    quoted,
    (c) => (own.includes(c) ? weekdaysIn(c.text).map((d) => weekdayName(d, lang)) : []),
    lang,
  );
  if (lang === 'ar') {
    const passages = which.length ? `المقاطع المقتبسة التي تذكر ${names}` : 'المقاطع المقتبسة';
    if (weekdays.length)
      return `لا يذكر أيٌّ من ${passages} تاريخًا، وإنما يوم الأسبوع فقط: ${weekdays.join('، ')}.`;
    return which.length
      ? `لا يذكر أيٌّ من ${passages} متى كان ذلك؛ التواريخ الواردة من مقاطع لا تذكر ${names}.`
      : `لا يذكر أيٌّ من ${passages} متى كان ذلك؛ التاريخ مع كل اقتباس هو تاريخ نشر مقاله.`;
  }
  const passages = which.length ? `quoted passage that names ${names}` : 'quoted passage';
  if (weekdays.length)
    return `No ${passages} gives a date, only the day of the week: ${weekdays.join(', ')}.`;
  return which.length
    ? `No ${passages} says when; the dates listed are from passages that do not name ${which.length > 1 ? 'them all' : 'it'}.`
    : `No ${passages} says when; the date with each quote is the date its article was published.`;
}

/**
 * The names (places, groups, people, institutions) the lexicon finds in the citations' passages:
 * in Arabic, and in English where a passage has Latin letters (an article in English, or a name an
 * Arabic one gives in brackets, "(Green Village)").
 */
function namesIn(citations: readonly Pick<Citation, 'text'>[], lexicon: Lexicon): LexiconEntry[] {
  return unique(
    citations
      .flatMap((c) => [
        ...lexicon.findArabic(c.text),
        ...(LATIN_LETTER.test(c.text) ? lexicon.matchEnglish(c.text) : []),
      ])
      .map((m) => m.entry)
      .filter(isName),
  );
}

const LATIN_LETTER = /\p{Script=Latin}/u;

/**
 * The figures of an Arabic passage (figuresIn). A passage of an article in English gets none: its
 * quote states them in words a reader reads as they are, and figuresIn would take "11:00 a.m." for two.
 */
function arabicFigures(c: Citation, lexicon: Lexicon, english: ReadonlySet<Citation>): Figure[] {
  return english.has(c) ? [] : figuresIn(c.text, namedSpans(c.text, lexicon), countedBy(lexicon));
}

/**
 * The names the question asks about (`asked`: its lexicon entries) that the quoted passages do not
 * name: those a later citation names, with its numbers, and those no cited passage names. Both
 * answers say so, so that a quote about the coalition is not read as an answer about Russia.
 */
function absentNames(
  all: readonly Citation[],
  quotes: readonly Citation[],
  asked: readonly LexiconEntry[],
  lexicon: Lexicon,
  quoted = namesIn(quotes, lexicon),
): { elsewhere: NamedIn[]; nowhere: LexiconEntry[] } {
  const texts = quotes.map((c) => c.text);
  const lacking = asked.filter((e) => isName(e) && !named(texts, e, lexicon, quoted));
  const elsewhere: NamedIn[] = [];
  const nowhere: LexiconEntry[] = [];
  for (const entry of lacking) {
    const cites = all.filter((c) => !quotes.includes(c) && named([c.text], entry, lexicon)).map((c) => c.n);
    if (cites.length) elsewhere.push({ entry, cites });
    else nowhere.push(entry);
  }
  return { elsewhere, nowhere };
}

/** A name the question asks about, and the citations that name it. */
interface NamedIn {
  entry: LexiconEntry;
  cites: number[];
}

/**
 * The names the question asks about that the first citation's article does not name (nor those
 * its copies stand in), while another quoted passage does: that quote is about something else than
 * it seems. "How many rockets hit Al-Tanf on January 5?" is led by the eight rockets that fell on
 * Green Village, in an article that never names Al-Tanf; the warning of 2 January names it.
 */
function leadLacks(
  quoted: readonly Citation[],
  asked: readonly LexiconEntry[],
  lexicon: Lexicon,
  articleText: ((articleId: string) => string | undefined) | undefined,
): NamedIn[] {
  const [first, ...others] = quoted;
  // Without the articles at hand, a passage alone would often seem not to name what its article does.
  if (!first || !others.length || !articleText) return [];
  const leads = [first, ...first.alsoIn].map((c) => articleText(c.articleId) ?? c.text);
  const out: NamedIn[] = [];
  for (const entry of asked) {
    if (!isName(entry) || named(leads, entry, lexicon)) continue;
    const cites = others.filter((c) => named([c.text], entry, lexicon)).map((c) => c.n);
    if (cites.length) out.push({ entry, cites });
  }
  return out;
}

/**
 * Whether `texts` name `entry`: among the names the lexicon finds in them (`found`; see names), or
 * as a form inside a longer name, which findArabic reads as that one (Lexicon.mentions).
 */
function named(
  texts: readonly string[],
  entry: LexiconEntry,
  lexicon: Lexicon,
  found = namesIn(
    texts.map((text) => ({ text })),
    lexicon,
  ),
): boolean {
  return names(found, entry) || texts.some((t) => lexicon.mentions(t, entry));
}

/**
 * Whether the passages' names include `asked`: the same entry, one the lexicon puts within it (the
 * US Navy for US forces), or for a place, a place within it whose name holds its name ("eastern
 * Deir ez-Zor", "Deir ez-Zor province" for "Deir ez-Zor").
 */
function names(found: readonly LexiconEntry[], asked: LexiconEntry): boolean {
  const name = words(gloss(asked)).join(' ');
  return found.some(
    (e) =>
      e.id === asked.id ||
      e.within?.includes(asked.id) ||
      (asked.type === 'place' &&
        e.type === 'place' &&
        ` ${words(gloss(e)).join(' ')} `.includes(` ${name} `)),
  );
}

/** A name's words, lower-cased ("Deir ez-Zor province" → deir ez zor province). */
function words(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** A name as the Arabic answer writes it: the lexicon's first Arabic form. */
function arabicName(e: LexiconEntry): string {
  return e.ar[0] ?? gloss(e);
}

function gloss(e: LexiconEntry): string {
  return e.en[0] ?? e.id;
}

/** Quotation marks, opening and closing; a straight " is both. */
const QUOTES: readonly (readonly [string, string])[] = [
  ['“', '”'],
  ['«', '»'],
  ['"', '"'],
];
/** How far after a name its quotation may close for the gloss to follow the closing mark. */
const QUOTE_REACH = 40;
const ARABIC_SCRIPT = /\p{Script=Arabic}/u;

/**
 * Where a gloss of the name at `start..end` goes: after the whole word (a name the lexicon knows
 * as "963+" is not glossed inside "963+”"), after the quotes around it, and after a quotation the
 * name opened ("التحالف الدولي لمحاربة تنظيم “الدولة الإسلامية”" is the coalition: glossed inside
 * the quotes, it read as if the Islamic State were the coalition).
 */
function glossAt(text: string, start: number, end: number): number {
  let at = end;
  while (at < text.length && /[\p{L}\p{M}\p{N}+]/u.test(text[at]!)) at++;
  const name = text.slice(start, end);
  for (const [open, close] of QUOTES) {
    // A name quoted whole keeps its quotes: “القرية الخضراء” (Green Village).
    if (text.startsWith(close, at) && text.slice(0, start).endsWith(open) && !name.includes(open)) {
      at += close.length;
      continue;
    }
    const opened = name.lastIndexOf(open);
    if (opened === -1) continue;
    const unclosed =
      open === close ? name.split(open).length % 2 === 0 : !name.includes(close, opened + open.length);
    const closing = unclosed ? text.indexOf(close, at) : -1;
    if (closing !== -1 && closing - at <= QUOTE_REACH) at = closing + close.length;
  }
  return at;
}

/**
 * Where a name's other name, in brackets or quotes right after it, ends: "وزارة الدفاع الأمريكية
 * (البنتاغون)" and "… “البنتاغون”" are glossed once, after both, not as "(Pentagon) (البنتاغون)".
 */
function aliasEnd(text: string, name: ArabicMatch, next: ArabicMatch | undefined): number | undefined {
  if (!next || next.entry.id !== name.entry.id) return undefined;
  const between = /^\s*([(“«"]?)$/u.exec(text.slice(glossAt(text, name.start, name.end), next.start));
  if (!between) return undefined;
  const at = glossAt(text, next.start, next.end);
  return between[1] === '(' && text[at] === ')' ? at + 1 : at;
}

/** A letter of a normalised Arabic word, as the text may write it (with its marks and hamza). */
const WRITTEN: Readonly<Record<string, string>> = { ا: '[اأإآٱ]', ه: '[هة]', ي: '[يىئ]', و: '[وؤ]' };
/** Harakat, shadda and tatweel, which the text may write after any letter. */
const MARKS = '[\\u064B-\\u065F\\u0640]*';

/**
 * Where the text writes a name the question gave in Latin letters and the index holds in Arabic
 * (Concept.spelt: "Walid al-Muallem", «وليد المعلم»): one of each word's spellings, in order, apart
 * by spaces, the first after a proclitic (و ب ل ف ك) or none. Glossed with the question's spelling.
 */
export function speltIn(text: string, names: readonly Concept[]): ArabicMatch[] {
  const found: ArabicMatch[] = [];
  for (const name of names) {
    if (!name.spelt?.length) continue;
    const word = (spellings: readonly string[]) =>
      `(?:${spellings.map((s) => [...s].map((ch) => (WRITTEN[ch] ?? ch) + MARKS).join('')).join('|')})`;
    const pattern = new RegExp(
      String.raw`(?<![\p{L}\p{M}])(?:[وف]?[بلك]?)(${name.spelt.map(word).join(String.raw`\s+`)})(?![\p{L}\p{M}])`,
      'gu',
    );
    const entry: LexiconEntry = {
      id: `spelt:${name.label}`,
      type: 'person',
      en: [name.display ?? name.label],
      ar: [],
    };
    for (const m of text.matchAll(pattern)) {
      const start = m.index + m[0].length - m[1]!.length;
      found.push({ entry, start, end: start + m[1]!.length });
    }
  }
  return found;
}

/**
 * The Arabic text with "(English name)" after each name the lexicon knows, and after each name the
 * question gave that the index holds in Arabic letters (see speltIn).
 */
export function glossed(text: string, lexicon: Lexicon, spelt: readonly Concept[] = []): string {
  let out = '';
  let pos = 0;
  const done = new Set<string>();
  const known = lexicon.findArabic(text);
  const asked = speltIn(text, spelt).filter((s) => !known.some((k) => k.start < s.end && s.start < k.end));
  const matches = [...known, ...asked].sort((a, b) => a.start - b.start);
  for (const [i, m] of matches.entries()) {
    const g = gloss(m.entry);
    // A name the quote already spells in Latin letters ("SY24") needs no gloss.
    if (!isName(m.entry) || done.has(g) || !ARABIC_SCRIPT.test(text.slice(m.start, m.end))) continue;
    const at = aliasEnd(text, m, matches[i + 1]) ?? glossAt(text, m.start, m.end);
    if (at < pos || text.slice(at, at + g.length + 3).includes(g)) continue;
    done.add(g);
    out += text.slice(pos, at) + ` (${g})`;
    pos = at;
  }
  return out + text.slice(pos);
}

/**
 * Each citation's items, once each; with more than one citation quoted, each says which it comes
 * from ("8 (rocket shell) in [1]"), so figures of two incidents are not read as one's.
 */
function attributed(
  citations: readonly Citation[],
  items: (c: Citation, i: number) => string[],
  lang: Language,
): string[] {
  const cites = new Map<string, string[]>();
  citations.forEach((c, i) => {
    for (const item of unique(items(c, i))) cites.set(item, [...(cites.get(item) ?? []), `[${c.n}]`]);
  });
  if (citations.length < 2) return [...cites.keys()];
  return [...cites].map(([item, ns]) =>
    lang === 'ar' ? `${item} في ${ns.join(' و')}` : `${item} in ${ns.join(' and ')}`,
  );
}

/** `read`, each article read at most once. */
function onceEach(
  read: (articleId: string) => string | undefined,
): (articleId: string) => string | undefined {
  const texts = new Map<string, string | undefined>();
  return (id) => {
    if (!texts.has(id)) texts.set(id, read(id));
    return texts.get(id);
  };
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/**
 * The passages to cite, best first: those of the first `slots` places that pass `cited`, where a
 * passage of the same article next to one already chosen is quoted with it, as one span, and takes
 * no place of its own. A statement's attribution and its content are often two sentences ("قالت
 * المتحدثة باسم البيت الأبيض…" then "وأضافت أن…"), and a question may name the one and ask for the
 * other. At most JOINED passages make one span; its text is the article's, from the first start to
 * the last end, so it stays verbatim.
 */
export function choosePassages(
  ranked: readonly RetrievedPassage[],
  opts: {
    slots: number;
    cited: (p: RetrievedPassage, rank: number) => boolean;
    articleText?: (articleId: string) => string | undefined;
  },
): RetrievedPassage[] {
  const out: { p: RetrievedPassage; first: PassageRow; last: PassageRow; count: number }[] = [];
  let used = 0;
  for (const [rank, p] of ranked.entries()) {
    if (used >= opts.slots) break;
    const cited = opts.cited(p, rank);
    const into = opts.articleText
      ? out.find(
          (o) =>
            o.p.row.articleId === p.row.articleId &&
            o.count < JOINED &&
            (p.row.label === o.last.label + 1 || p.row.label === o.first.label - 1),
        )
      : undefined;
    if (!into) {
      used++;
      if (cited) out.push({ p, first: p.row, last: p.row, count: 1 });
      continue;
    }
    // Too weak to quote, but next to a quoted passage: it takes no place either.
    if (!cited) continue;
    if (p.row.label < into.first.label) into.first = p.row;
    else into.last = p.row;
    into.count++;
    const seen = new Set(into.p.alsoIn.map((d) => d.articleId));
    into.p = {
      ...into.p,
      coverage: Math.max(into.p.coverage, p.coverage),
      ...(into.p.asked === undefined ? {} : { asked: Math.max(into.p.asked, p.asked ?? 0) }),
      alsoIn: [...into.p.alsoIn, ...p.alsoIn.filter((d) => !seen.has(d.articleId))],
    };
  }
  return out.map(({ p, first, last, count }) => {
    const text = count > 1 ? opts.articleText?.(p.row.articleId) : undefined;
    if (text === undefined) return p;
    return {
      ...p,
      row: { ...p.row, start: first.start, end: last.end, text: text.slice(first.start, last.end) },
    };
  });
}
