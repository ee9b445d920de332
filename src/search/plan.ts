import type { Language } from '../corpus/types.js';
import { questionDays, questionWeekdays, writtenDates } from '../answer/dates.js';
import { leadTerm, SURFACE_PREFIX, surfaceTerm, type WeightedTerm } from '../index/index.js';
import {
  questionLanguage,
  isStopword,
  normalize,
  tokenize,
  withoutCourtesy,
  withoutLinks,
  withoutMarkup,
  type AnalyzedToken,
  type Analyzer,
} from '../text/index.js';
import { asksName, countedWord, LOCATION_VERBS, NAME_WORDS, NUMBER_OF, WHERE_WORDS } from './answer-type.js';
import { isName, type Lexicon, type LexiconEntry } from './lexicon.js';
import { speltName } from './transliterate.js';

/** What a question becomes before retrieval. */
export interface QueryPlan {
  /** The question as read: its links and courtesies blanked out (see withoutLinks, withoutCourtesy). */
  question: string;
  language: Language;
  /** Weighted analysed terms for BM25 (Arabic stems, numbers, and Latin stems). */
  terms: WeightedTerm[];
  /** The text to embed for dense search. */
  denseText: string;
  /** Lexicon entries the question names. */
  entities: LexiconEntry[];
  /** Names in an English question that the lexicon does not know (see unknownNameSpans). */
  unknownNames?: string[];
  /**
   * The concepts the question asks about, for judging how well a passage covers it: each is
   * satisfied by any one of its forms (a form being a list of stems that must all be present).
   */
  concepts: Concept[];
}

export interface Concept {
  label: string;
  weight: number;
  forms: string[][];
  /** A name (place, group, institution, person): a form of several words counts only as a unit. */
  name?: boolean;
  /**
   * The name or word as the question writes it, to tell the person which one the articles do not
   * mention (the label is normalised: عاصمه for عاصمة).
   */
  display?: string;
  /**
   * Other terms of the index with the same root as the question's word (تتركز: يتركز, تركيز),
   * each of which counts for a share of the word (see the retriever's ROOT_SHARE).
   */
  related?: ReadonlySet<string>;
  /** Carried over from the question this one follows (see followUp), not asked in it. */
  carried?: boolean;
  /**
   * A word that frames the question rather than says what it asks about its names: تقع after
   * أين, عدد in "كم عدد", "happened" in "what happened at X" (see asksOf).
   */
  frame?: boolean;
  /**
   * A noun as the question writes it without the article (عملة, ending in ة), or a lexicon entry
   * an English question names whose Arabic forms are nouns (with the article, or ending in ة):
   * held in what the question asks only as itself (see asksOf).
   */
  noun?: boolean;
  /**
   * A name the lexicon does not know, found in the index by its Arabic spellings (see speltName):
   * each word's spellings as the articles write them, normalised, for the English answer to gloss.
   */
  spelt?: string[][];
  /**
   * Forms that find the concept without weighing it: a lexicon entry's English spellings, for an
   * article written in English. The concept's weight is its own forms' (see coverageScorer), so
   * a rare Latin word does not make it outweigh the question's other words in Arabic passages.
   */
  also?: string[][];
}

/** An Arabic word with the article, after a proclitic or not: العملة, بالعملة, للعملة. */
const DEFINITE = /^(?:[وف]?[بك]?ال|[وف]?لل)/u;
/** Only a noun or adjective ends in ة. */
const NOUN_ENDING = /ة$/u;
/** Arabic text: the question's own spelling of a lexicon entry, where an English question shows English. */
const ARABIC_WORD = /\p{Script=Arabic}/u;

/**
 * What the question asks about its names: its concepts that are not names, numbers or frames, nor
 * carried over from an earlier question ("population" in "What is the population of Syria?",
 * عاصمة in "ما هي عاصمة العراق؟"). A passage that holds none of them answers nothing asked of the
 * names it shares with the question.
 *
 * A noun with the article is held only as itself, not by another term of its root: those are
 * other words (العملة "the currency" and عملية "operation", الرسمية and رسم), where a verb's are
 * its own (يستنفر and الاستنفار). "ما هي العملة الرسمية في العراق؟" was answered from passages on
 * "عملية العزم الصلب". Ranking still counts the root (see the retriever's ROOT_SHARE): dropping it
 * there too costs arcd dev with ANT 0.3 points of hit@5. The seed unanswerable set: 26 → 27 of 40
 * abstained; no other question of any set changed.
 *
 * So is a noun without the article (a word ending in ة: "ما هي عملة سوريا؟"), and the word of an
 * English question whose lexicon forms are nouns ("What is the currency of Syria?"): both were
 * answered from "عملية العزم الصلب". Seed dev, arcd dev, both with all of ANT, and the six seed
 * sets on either index: not one question changed.
 */
export function asksOf(concepts: readonly Concept[]): Concept[] {
  return concepts
    .filter((c) => !c.name && !c.frame && !c.carried && !/^\d+$/.test(c.label))
    .map((c) => (c.related && (c.noun || DEFINITE.test(c.label)) ? { ...c, related: undefined } : c));
}

/** Latin-script terms still count a little: articles quote names like "Green Village" or "SY24". */
const LATIN_WEIGHT = 0.3;
/** The exact (unstemmed) word, on top of its stem. */
const SURFACE_WEIGHT = 0.5;
/**
 * "أين يقع X؟" asks where X is; the answer rarely repeats the verb ("10 كم شرقي الميادين"). After
 * أين, these words frame the question rather than name what it is about, and weigh this much
 * (also when the lexicon knows them: تقع is a spelling of "presence"). Half, not less: a passage
 * that does say "تقع X في" is still the likelier answer. Arcd dev: hit@5 90.4 → 90.7. So does عدد
 * in a "how many" question ("ما هو عدد الولايات؟" is answered by "خمسين ولاية"): arcd dev 4 better,
 * none worse (hit@1 73.1 → 73.2, hit@5 94.8 → 95.0); with all of ANT 2 better, 1 worse. And اسم in
 * "ما اسم X؟" ("ما هو اسم الموناليزا بالفرنسية؟" is answered by "Mona Lisa"): arcd dev 8 better, none
 * worse (73.2 → 73.4, 95.0 → 95.2); with all of ANT 3 better, 2 worse (86.2 → 86.1).
 */
const FRAME_WEIGHT = 0.5;
/** The verbs after أين (they are their own stems), and واقع. */
const LOCATION_FRAME: ReadonlySet<string> = new Set([...LOCATION_VERBS, 'واقع']);
/**
 * The stems of words that frame a "how many" question (عدد, تعداد: "ما عدد", "كم يبلغ عدد") or a
 * "what is the name" one (اسم: "ما اسم المجلة؟").
 */
const frameStems = (words: ReadonlySet<string>, analyzer: Analyzer): string[] =>
  [...words].flatMap((w) => analyzer.tokens(w));
/**
 * A question's stem found in an article's lead field (its opening words) weighs as much as in the
 * passage itself. Arcd dev: hit@5 90.7 → 91.2; with all of ANT as distractors 78.8 → 81.0
 * (at 0.5 and 2: 91.1 / 81.0 and 91.4 / 77.3).
 */
const LEAD_FIELD_WEIGHT = 1;
/**
 * Words that frame a question rather than say what it asks of its names (see asksOf): what
 * happened, or where something lies ("ماذا حدث في التنف؟", "What happened at the Baghdad Diplomatic
 * Support Center?", "In which direction … does the Green Village base lie?"), which year ("في أي
 * عام", "In what year"), how many or how much ("How many", "كم يبلغ عدد"), or its name ("What is the
 * name of …"), who said it ("ماذا قالت بساكي عن …", "What did Kirby say about …": what they said
 * it about is asked), or where one place lies in relation to another. A passage that holds none of
 * them can still answer. A fourth blind seed set found the last two: unframed, "ماذا قالت جين بساكي عن
 * الانسحاب الأمريكي من أفغانستان؟" was answered from what she said of the attacks, and "Where is the
 * Green Village base located in relation to …" abstained on «relation». No rank moved on any set.
 * Levantine «حكى» and «حكت» (said) are قال: «إمتى حكت بساكي؟» had abstained on «حكت».
 */
const ASKING_FRAME_AR =
  'حدث يحدث جرى يجري حصل يحصل صار يصير عام العام سنة السنة يبلغ تبلغ بلغ قال يقول قالت تقول صرح يصرح أفاد يفيد أضاف يضيف بالنسبة حكى حكت يحكي تحكي حكوا';
const ASKING_FRAME_EN: ReadonlySet<string> = new Set(
  `happen happened happens happening occur occurred occurs occurring going lie lies lying located
situated direction location relation relative year years name names many much say says said saying
tell tells told`.split(/\s+/),
);
/**
 * Words that ask whether something is true ("Is this true?", "Are you sure?", «هل هذا صحيح؟»,
 * «متأكد؟», «عنجد؟»): not what is asked, and never in the passage that answers. They are left out
 * of the question, so that as a follow-up it asks the earlier question again, as a person checking
 * an answer means. It had abstained on «true» or «صحيح»; as a frame word it still counted against
 * every passage, and «عنجد؟» after «شو صار بالقرية الخضراء؟» abstained. Not «فعلًا» (indeed): its
 * stem is فعل, the verb ("ما هو فعل كلمة شيعة؟").
 */
const TRUTH_AR = 'صحيح صح متأكد متأكدة متأكدين مؤكد أكيد بجد عنجد';
const TRUTH_EN: ReadonlySet<string> = new Set('true sure certain correct accurate really'.split(' '));
/**
 * Words that ask for more than the answer gave ("Who else?", "Anyone else?", "What other groups?",
 * «ومين كمان؟», «وماذا أيضاً؟», «من غيرهم؟»), normalised, without a leading و. In a follow-up they ask
 * the earlier question again for what its answer did not quote (see asksForOthers), and are not
 * themselves asked about: "Anyone else?" abstained on «anyone», «هل هناك غيرهم؟» searched for غير.
 */
const OTHERS = new Set(
  ['else', 'other', 'others', 'another', 'كمان', 'أيضا', 'أيضًا', 'غير', 'غيره', 'غيرها', 'غيرهم', 'غيرهما']
    .concat(['آخر', 'آخرين', 'آخرون', 'أخرى', 'آخرى'])
    .map(normalize),
);
/** The someone of "Anyone else?", "Who else?": nothing asked once the question asks for others. */
const OTHERS_PRONOUNS = new Set(['anyone', 'anybody', 'anything', 'someone', 'somebody', 'something']);

/** A normalised word without a leading و ("وكمان" → كمان). */
const withoutWaw = (word: string): string => word.replace(/^و(?=..)/u, '');
/** A normalised word that asks for others, or is the someone of "Anyone else?". */
const othersWord = (word: string): boolean => OTHERS.has(withoutWaw(word)) || OTHERS_PRONOUNS.has(word);

/**
 * Whether a follow-up asks only for others than its earlier question's answer quoted: "Who else?",
 * "Anyone else?", «ومين كمان؟», «هل هناك غيرهم؟», with no word of its own but those and question
 * words. Its answer leaves out the passages the earlier one quoted. One that says what else it asks
 * ("What other weapons were used?", «ما الأسلحة الأخرى؟») is read as any follow-up: the others may
 * be in the very passage quoted before (the arcd follow-up run lost 2 of 925 questions so).
 */
export function asksForOthers(question: string): boolean {
  const words = tokenize(normalize(question));
  return words.some((w) => OTHERS.has(withoutWaw(w))) && words.every((w) => othersWord(w) || isStopword(w));
}

/** Arabic spelling variants that the question did not use itself. */
const VARIANT_WEIGHT = 0.5;

export interface PlanOptions {
  lexicon: Lexicon;
  /** The same analysis as the index's terms (a long-lived one, for its stem cache). */
  analyzer: Analyzer;
  /** True when the dense embedder matches across languages (e5): embed the question as asked. */
  crossLingualDense: boolean;
  /** In how many passages of the index a term occurs: it tells a glued letter from a word's own. */
  df?: (term: string) => number;
  /**
   * Whether some term of the index begins with a prefix: with `df`, it finds a name the lexicon
   * does not know by its Arabic spellings (see speltName).
   */
  hasPrefix?: (prefix: string) => boolean;
  /**
   * A memo of the lexicon's forms, analysed, for one index (their other readings depend on its
   * `df`): an English question's entries bring dozens of forms each time they are named.
   */
  lexiconForms?: Map<string, LexiconForm>;
  /** The index's other terms that share a stem's root (see RootIndex). */
  related?: (stem: string) => ReadonlySet<string>;
  /** The language of a question without letters to tell ("2022?"); English if not given. */
  language?: Language;
}

/** A lexicon form analysed: its words, their stems, and a one-word form's other readings. */
export interface LexiconForm {
  words: AnalyzedToken[];
  stems: string[];
  readings: string[][];
  /** A one-word form's related terms (of its root, see RootIndex). */
  related?: ReadonlySet<string>;
}

/**
 * Letters glued to the front of a word that the stemmer leaves alone, since it cannot tell them
 * from a word's own first letter: the prepositions ل and ك ("الاسم الرسمي لسويسرا", "كسفيرة";
 * but لبنان, لجنة, كتاب) and the ي of a verb in the present ("متى يتزوج" against "تزوج في سن
 * الخامسة والعشرين"; but يمن, يوسف). After و or ف; لل is the article, which the stemmer takes.
 */
const GLUED = [/^[وف]?[لك](?!ل)(.{3,})$/u, /^[وف]?ي(.{3,})$/u];

/**
 * The stem of `surface` without a GLUED letter, when the index knows that stem better than the
 * word as written: of لسويسر and سويسر the second is the common term, of لجن and جن the first.
 * Such a word then counts by either stem. ل and ك: arcd dev hit@5 92.1 → 92.8, hit@1 71.5 →
 * 71.9, with all of ANT 84.5 → 85.1 and 59.6 → 59.9; then ي: arcd dev 92.8 → 93.0 and 72.0 →
 * 72.1, with ANT 85.2 → 85.1 and 59.9 → 60.0. Seed dev unchanged. (ك alone changes no dev
 * question. The ت of the present gains as many as it loses: it begins as many nouns, تجارة.)
 */
export function withoutPrefix(
  surface: string,
  stem: string,
  stemOf: (token: string) => string,
  df: (term: string) => number,
): string | undefined {
  for (const glued of GLUED) {
    const bare = glued.exec(surface)?.[1];
    if (!bare) continue;
    const other = stemOf(bare);
    return other !== stem && df(other) > df(stem) ? other : undefined;
  }
  return undefined;
}

/**
 * The other stem of a word that begins with و, which the stemmer reads as "and" when nothing
 * stands before it (واقعة → اقع, وادي → اد) but not after the article (الواقعة → واقع, الوادي →
 * واد), when the index has it: the question may be written one way and the article the other.
 * Arcd dev: hit@5 93.0 → 93.1, hit@1 the same (one question in, one down from rank 1 to 2); with
 * all of ANT 85.1 → 85.2 and 60.0 → 59.9; seed dev unchanged. The lexicon's one-word forms too
 * (الواقعة, for "أين تقع لبنان؟"): arcd dev 93.1 → 93.2 and 72.1 → 72.2, with ANT 85.2 → 85.4
 * and 59.9 → 60.0.
 */
export function otherWawReading(
  surface: string,
  stem: string,
  stemOf: (token: string) => string,
  df: (term: string) => number,
): string | undefined {
  const word = surface.replace(/^و?ال/u, '');
  if (!word.startsWith('و') || word.length < 4) return undefined;
  return [stemOf('ال' + word), stemOf(word)].find((other) => other !== stem && df(other) > 0);
}

/** The stems, other than its own, by which the index may hold a question's Arabic word. */
export function otherStems(
  surface: string,
  stem: string,
  stemOf: (token: string) => string,
  df: (term: string) => number,
): string[] {
  const found = [withoutPrefix(surface, stem, stemOf, df), otherWawReading(surface, stem, stemOf, df)];
  return [...new Set(found.filter((other) => other !== undefined))];
}

/**
 * Turns a question into retrieval inputs. Arabic questions are analysed as they are, with the
 * lexicon adding the other spellings of names they use. English questions are carried into
 * Arabic through the lexicon: each named entity or incident word contributes the stems of its
 * Arabic forms, numbers are kept, and the Arabic forms also make the text to embed.
 */
export function planQuery(asked: string, opts: PlanOptions): QueryPlan {
  const { analyze, tokens, stem } = opts.analyzer;
  // A link or an HTML tag in the question is neither what it asks nor its language; nor is "hi" or
  // "please".
  const read = withoutCourtesy(withoutLinks(withoutMarkup(asked)));
  const language = questionLanguage(read, opts.language);
  // "2022-01-04" and "the 4th" are read as the days they are, as "4 January 2022" and "the 4".
  const question = writtenDates(read, language);
  const weights = new Map<string, number>();
  const add = (term: string, w: number) => weights.set(term, Math.max(weights.get(term) ?? 0, w));
  const entities: LexiconEntry[] = [];
  const arabicParts: string[] = [];
  const concepts: Concept[] = [];
  /** The other stems by which the index may hold an Arabic word, as one-word forms (see otherStems). */
  const readings = (t: AnalyzedToken): string[][] =>
    opts.df && t.script === 'arabic' ? otherStems(t.surface, t.stem, stem, opts.df).map((o) => [o]) : [];
  /** The terms of the word's root, less the ones it already counts by. */
  const related = (t: AnalyzedToken, others: string[][]): ReadonlySet<string> | undefined => {
    if (!opts.related || t.script !== 'arabic') return undefined;
    const terms = new Set(opts.related(t.stem));
    terms.delete(t.stem);
    for (const [other] of others) terms.delete(other!);
    return terms.size ? terms : undefined;
  };
  /** A form analysed, with the other readings of a form of one word ("الواقعة": واقع, and اقع as in "واقعة"). */
  const analyzeForm = (form: string): LexiconForm => {
    const words = analyze(form);
    const only = words.length === 1 ? words[0]! : undefined;
    return {
      words,
      stems: words.map((w) => w.stem),
      readings: only ? readings(only) : [],
      related: only && only.script === 'arabic' ? opts.related?.(only.stem) : undefined,
    };
  };
  /**
   * The related terms of an entry that is not a name (incident words: "use" → استخدام, يستخدم), less
   * its own forms: a name's root says nothing (الأسد, سوريا). Seed dev hit@1 87.0 → 91.3 (one English
   * question); arcd dev 72.9 → 73.0, with all of ANT 61.9 → 62.2; hit@5 the same everywhere.
   */
  const relatedOfEntry = (entry: LexiconEntry, spellings: LexiconForm[], forms: string[][]) => {
    if (isName(entry)) return undefined;
    const terms = new Set<string>();
    for (const form of spellings) for (const t of form.related ?? []) terms.add(t);
    for (const form of forms) if (form.length === 1) terms.delete(form[0]!);
    return terms.size ? terms : undefined;
  };
  /** The concept of a lexicon entry the question names as `surface`, the spelling it shows. */
  const entryConcept = (
    entry: LexiconEntry,
    label: string,
    surface: string,
    weight: number,
    spellings: LexiconForm[],
    forms: string[][],
    frame: boolean,
    also: string[][],
  ): Concept => {
    const name = isName(entry);
    const related = relatedOfEntry(entry, spellings, forms);
    const noun =
      NOUN_ENDING.test(surface) ||
      (!ARABIC_WORD.test(surface) && entry.ar.some((a) => DEFINITE.test(a) || NOUN_ENDING.test(a)));
    return {
      label,
      weight,
      forms,
      name,
      related,
      display: surface,
      ...(frame ? { frame: true } : {}),
      ...(noun ? { noun: true } : {}),
      ...(also.length ? { also } : {}),
    };
  };
  /**
   * An entry's English spellings as the index holds them ("Green Village": green villag): an article
   * written in English names it so, and an Arabic one may give the name in brackets.
   */
  const englishForms = (entry: LexiconEntry): string[][] =>
    entry.en.map((form) => tokens(form)).filter((f) => f.length > 0);
  const lexiconForm = (form: string): LexiconForm => {
    const known = opts.lexiconForms?.get(form);
    if (known) return known;
    const analysed = analyzeForm(form);
    opts.lexiconForms?.set(form, analysed);
    return analysed;
  };

  const unknown: string[] = [];
  if (language === 'ar') {
    // A lexicon form that is also a question word ("كم": how many / km) names nothing here.
    // A name written in English in an Arabic question («شو صار بـ Al-Omar؟») is that name.
    const matches = [
      ...opts.lexicon
        .findArabic(question)
        .filter((m) => !isStopword(normalize(question.slice(m.start, m.end)))),
      ...opts.lexicon.matchEnglish(question),
    ].sort((a, b) => a.start - b.start);
    // A name the lexicon knows is one concept however many words it has: "الولايات المتحدة
    // الأمريكية" must not outweigh the one word that says what is asked about it.
    const named = new Map<string, number>();
    const surfaces = matches.map((m) => question.slice(m.start, m.end));
    for (const surface of surfaces) for (const t of tokens(surface)) named.set(t, (named.get(t) ?? 0) + 1);
    const asksWhere = tokenize(normalize(question)).some((w) => WHERE_WORDS.has(w));
    const frame = new Set([
      ...(asksWhere ? LOCATION_FRAME : []),
      ...(countedWord(question, 'ar') ? frameStems(NUMBER_OF, opts.analyzer) : []),
      ...(asksName(question) ? frameStems(NAME_WORDS, opts.analyzer) : []),
    ]);
    const frames = (stems: readonly string[]) => frame.size > 0 && stems.every((t) => frame.has(t));
    const asking = new Set(opts.analyzer.tokens(ASKING_FRAME_AR));
    const truth = new Set(opts.analyzer.tokens(TRUTH_AR));
    for (const t of analyze(question)) {
      if (truth.has(t.stem)) continue;
      const framing = frames([t.stem]);
      const weight = framing ? FRAME_WEIGHT : 1;
      add(t.stem, weight);
      if (t.script === 'arabic' && t.surface !== t.stem) add(surfaceTerm(t.surface), SURFACE_WEIGHT * weight);
      const others = readings(t);
      for (const [other] of others) add(other!, weight);
      const inName = named.get(t.stem) ?? 0;
      if (inName > 0) named.set(t.stem, inName - 1);
      else {
        const written = writtenAs(question, t.surface);
        concepts.push({
          label: t.surface,
          display: written,
          ...(NOUN_ENDING.test(written) ? { noun: true } : {}),
          weight,
          forms: [[t.stem], ...others],
          related: related(t, others),
          ...(framing || asking.has(t.stem) ? { frame: true } : {}),
        });
      }
    }
    matches.forEach((m, i) => {
      const surface = surfaces[i] ?? '';
      entities.push(m.entry);
      // "تقع" after أين is matched by the lexicon's "presence" entry: still only the frame.
      const framing = frames(tokens(surface));
      const weight = framing ? FRAME_WEIGHT : 1;
      // The question's own spelling is not memoised: it is the user's text.
      const spellings = [analyzeForm(surface), ...m.entry.ar.map(lexiconForm)];
      for (const form of spellings.slice(1)) for (const t of form.stems) add(t, VARIANT_WEIGHT * weight);
      const others = spellings.flatMap((form) => form.readings);
      for (const [other] of others) add(other!, VARIANT_WEIGHT * weight);
      const forms = spellings.map((form) => form.stems).filter((f) => f.length > 0);
      forms.push(...others);
      const latin = englishForms(m.entry);
      for (const f of latin) for (const t of f) add(t, LATIN_WEIGHT * weight);
      if (forms.length) {
        const framed = framing || tokens(surface).every((t) => asking.has(t));
        concepts.push(
          entryConcept(m.entry, normalize(surface), surface, weight, spellings, forms, framed, latin),
        );
      }
    });
  } else {
    // So is a name written in Arabic in an English question ("What did البنتاغون say?").
    const arabic = opts.lexicon
      .findArabic(question)
      .map((m) => ({ ...m, surface: question.slice(m.start, m.end) }))
      .filter((m) => !isStopword(normalize(m.surface)));
    const matches = [...opts.lexicon.matchEnglish(question), ...arabic].sort((a, b) => a.start - b.start);
    const spelt: Span[] = [];
    for (const span of unknownNameSpans(question, matches)) {
      const found =
        opts.df && opts.hasPrefix
          ? speltName(span.text, { df: opts.df, hasPrefix: opts.hasPrefix }, stem)
          : undefined;
      if (!found) {
        unknown.push(span.text);
        continue;
      }
      // A name the articles write in Arabic letters is looked for as they write it, and counts as
      // any name the lexicon knows; its Latin letters too, should an article quote it so.
      spelt.push(span);
      const latin = tokens(span.text);
      for (const t of latin) add(t, LATIN_WEIGHT);
      for (const form of found.forms) for (const t of form) add(t, 1);
      for (const surface of found.surfaces.flat())
        if (stem(surface) !== surface) add(surfaceTerm(surface), SURFACE_WEIGHT);
      concepts.push({
        label: normalize(span.text),
        display: span.text,
        weight: 1,
        forms: found.forms,
        name: true,
        spelt: found.surfaces,
        ...(latin.length ? { also: [latin] } : {}),
      });
      arabicParts.push(found.surfaces.map((word) => word[0]).join(' '));
    }
    for (const m of matches) {
      entities.push(m.entry);
      // Every Arabic spelling of the entry, each stem once: an entry with many forms is not
      // weighted more than one with a single form.
      // Articles sometimes give the English name too, in brackets: "القرية الخضراء (Green Village)".
      for (const w of tokenize(normalize(m.surface))) if (!isStopword(w)) add(stem(w), LATIN_WEIGHT);
      const spellings = opts.lexicon.searchedForms(m.entry).map(lexiconForm);
      const forms = spellings.map((form) => form.stems).filter((f) => f.length > 0);
      forms.push(...spellings.flatMap((form) => form.readings));
      for (const f of forms) for (const t of f) add(t, 1);
      const latin = englishForms(m.entry);
      for (const f of latin) for (const t of f) add(t, LATIN_WEIGHT);
      for (const form of spellings) {
        for (const t of form.words) if (t.surface !== t.stem) add(surfaceTerm(t.surface), SURFACE_WEIGHT);
      }
      if (forms.length) {
        const framing = tokenize(normalize(m.surface)).every((w) => ASKING_FRAME_EN.has(w));
        concepts.push(entryConcept(m.entry, m.surface, m.surface, 1, spellings, forms, framing, latin));
      }
      arabicParts.push(m.entry.ar[0] ?? '');
    }
    for (const word of tokenize(normalize(blanked(question, [...matches, ...spelt])))) {
      if (/^\d+$/.test(word)) {
        add(word, 1);
        concepts.push({ label: word, weight: 1, forms: [[word]] });
        arabicParts.push(word);
      } else if (!isStopword(word) && !TRUTH_EN.has(word) && word.length > 1) {
        const latin = stem(word);
        add(latin, LATIN_WEIGHT);
        concepts.push({
          label: word,
          weight: LATIN_WEIGHT,
          forms: [[latin]],
          ...(ASKING_FRAME_EN.has(word) ? { frame: true } : {}),
        });
      }
    }
  }

  const terms = [...weights].map(([term, weight]) => ({ term, weight }));
  // The same stems in the articles' lead field: passages of an article about what is asked.
  for (const [term, weight] of weights) {
    if (!term.startsWith(SURFACE_PREFIX))
      terms.push({ term: leadTerm(term), weight: LEAD_FIELD_WEIGHT * weight });
  }
  const denseText =
    language === 'en' && !opts.crossLingualDense && arabicParts.length ? arabicParts.join(' ') : question;
  return {
    question,
    language,
    terms,
    denseText,
    entities: dedupe(entities),
    concepts,
    ...(unknown.length ? { unknownNames: unknown } : {}),
  };
}

/**
 * What the question this one follows asks about weighs this much in it: "وكم عدد القتلى؟" in
 * reply to an answer about a strike on Al-Omar still means there, but what it asks itself counts
 * more. Arcd dev with all of ANT, each question read as a follow-up of the one before it (`npm
 * run eval -- --distractors --follow-ups`): hit@5 86.1 → 91.0, hit@1 62.2 → 66.3; at 0.3 / 0.7
 * 90.6 / 89.4 and 65.9 / 64.2. On the ARCD index alone, whose questions mostly name what they ask
 * about: hit@5 94.8 the same, hit@1 73.0 → 72.3.
 */
export const CARRIED_WEIGHT = 0.5;

/**
 * A follow-up question ("and when was that?") read with the question it follows: the earlier
 * question's terms and concepts join its own at CARRIED_WEIGHT, unless the follow-up already asks
 * about them. What kind of answer it wants, and its language, stay its own.
 */
export function followUp(asked: QueryPlan, previous: QueryPlan): QueryPlan {
  const plan = withoutOthers(asked);
  // A follow-up that names a day ("and on January 5?", "and the day before?" with its day written
  // out, see followingDay) leaves the other day's words behind: the "4" of "January 4" is not asked;
  // so does one that names a day of the week ("And the next day? Monday" after Sunday).
  const namesDay =
    questionDays(plan.question).length > 0 || questionWeekdays(plan.question, plan.language).length > 0;
  const otherDay = namesDay ? dayWordOf(previous) : () => false;
  const dropped = new Set(
    previous.concepts.filter(otherDay).flatMap((c) => c.forms.flatMap((f) => (f.length === 1 ? f : []))),
  );
  const weights = new Map(plan.terms.map((t) => [t.term, t.weight]));
  for (const { term, weight } of previous.terms) {
    // Also its lead and surface forms ("^4", "=4").
    if (!weights.has(term) && !dropped.has(term.replace(/^[\^=]/u, '')))
      weights.set(term, CARRIED_WEIGHT * weight);
  }
  const own = new Set(plan.concepts.flatMap((c) => c.forms.map((f) => f.join(' '))));
  const carried = previous.concepts
    .filter((c) => !otherDay(c) && !c.forms.some((f) => own.has(f.join(' '))))
    .map((c) => ({ ...c, weight: CARRIED_WEIGHT * c.weight, carried: true }));
  return {
    ...plan,
    terms: [...weights].map(([term, weight]) => ({ term, weight })),
    denseText: `${plan.denseText} ${previous.denseText}`,
    entities: dedupe([...plan.entities, ...previous.entities]),
    concepts: [...plan.concepts, ...carried],
  };
}

/**
 * A follow-up's plan without the words that ask for others ("else", «كمان», «غيرهم») and, with them,
 * "anyone" and the like: what it asks about is the earlier question's.
 */
function withoutOthers(plan: QueryPlan): QueryPlan {
  if (!asksForOthers(plan.question)) return plan;
  const dropped = plan.concepts.filter((c) => !c.name && tokenize(normalize(c.label)).every(othersWord));
  if (!dropped.length) return plan;
  const forms = new Set(
    dropped.flatMap((c) => [...c.forms.flatMap((f) => (f.length === 1 ? f : [])), surfaceTerm(c.label)]),
  );
  return {
    ...plan,
    terms: plan.terms.filter((t) => !forms.has(t.term.replace(/^\^/u, ''))),
    concepts: plan.concepts.filter((c) => !dropped.includes(c)),
  };
}

/**
 * Whether a concept of the plan is a word of a day its question names: "January" and "4" of "on
 * January 4", «الثالث» and «يناير» of «يوم الثالث من يناير»; or, in a question naming no date, of
 * a day of the week it names: "Monday", «يوم الاثنين». The retriever counts them where a passage
 * states that day, and a follow-up naming another date does not carry them.
 */
export function dayWordOf(plan: QueryPlan): (c: Concept) => boolean {
  const days = questionDays(plan.question);
  const spans = days.length
    ? days
    : questionWeekdays(plan.question, plan.language).map((w) => ({
        start: w.dayStart ?? w.start,
        end: w.end,
      }));
  if (!spans.length) return () => false;
  const words = new Set(spans.flatMap((d) => tokenize(normalize(plan.question.slice(d.start, d.end)))));
  return (c) => {
    const label = tokenize(normalize(c.label));
    return label.length > 0 && label.every((w) => words.has(w));
  };
}

/** The question's word whose normalised token is `token` (عاصمة for عاصمه), or `token` itself. */
function writtenAs(question: string, token: string): string {
  const words = question.match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  return words.find((w) => tokenize(normalize(w)).includes(token)) ?? token;
}

function dedupe(entries: LexiconEntry[]): LexiconEntry[] {
  return [...new Map(entries.map((e) => [e.id, e])).values()];
}

/** Capitalised words that are titles or sentence words rather than names. */
const NOT_NAMES = new Set(
  'many much general gen colonel col major maj lieutenant lt captain capt sergeant sgt admiral adm commander president minister secretary spokesman spokesperson mr mrs ms dr sheikh imam arabic english'.split(
    ' ',
  ),
);

/** A stretch of the question: where a name stands in it. */
interface Span {
  start: number;
  end: number;
}

/** The question with the stretches given blanked out (names already read), its other words kept apart. */
function blanked(question: string, spans: readonly Span[]): string {
  let out = '';
  let pos = 0;
  for (const { start, end } of [...spans].sort((a, b) => a.start - b.start)) {
    if (start < pos) continue;
    out += question.slice(pos, start) + ' ';
    pos = end;
  }
  return out + question.slice(pos);
}

/**
 * The names, and where each stands, in an English question that the lexicon does not know: runs
 * of capitalised words ("FIFA World Cup", "Pearl Harbor", "Taliban") outside its matches, not at
 * the start of the question, and not next to a name it does know ("Mohammed Khlaif al-Anbazi",
 * where al-Anbazi is known, is that person; a title it knows as a word, "General", is not such a
 * name), in a question written in sentence case (some word after the first in lower case). The
 * retriever then looks for such a name by its Arabic spellings (see speltName); one the index does
 * not hold in any spelling stays unknown: unless a cited passage quotes it in Latin letters, the
 * articles do not mention it.
 */
function unknownNameSpans(
  question: string,
  matches: readonly { start: number; end: number; entry?: LexiconEntry }[],
): (Span & { text: string })[] {
  const words = [...question.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu)].map((m) => ({
    text: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
  const overlaps = (w: Span, m: Span) => w.start < m.end && m.start < w.end;
  const known = (w: Span) => matches.some((m) => overlaps(w, m));
  const knownName = (w: Span) => matches.some((m) => overlaps(w, m) && (!m.entry || isName(m.entry)));
  const capitalised = (t: string) => /^(?:(?:al|el)-)?\p{Lu}/u.test(t) && /\p{Script=Latin}/u.test(t);
  const candidate = (i: number) => {
    const w = words[i];
    if (!w || i === 0 || known(w) || !capitalised(w.text)) return false;
    const bare = w.text
      .toLowerCase()
      .replace(/['’]s$/u, '')
      .replace(/\.$/u, '');
    return !NOT_NAMES.has(bare) && !isStopword(bare);
  };
  // In a question written in capitals, or with every word capitalised, capitals mark no names.
  if (!words.slice(1).some((w) => /^\p{Ll}/u.test(w.text))) return [];
  const out: (Span & { text: string })[] = [];
  for (let i = 0; i < words.length; i += 1) {
    if (!candidate(i)) continue;
    let j = i;
    // A run is one name: its words stand apart by spaces only ("Grad, Katyusha" are two).
    while (candidate(j + 1) && /^\s+$/u.test(question.slice(words[j]!.end, words[j + 1]!.start))) j += 1;
    const before = words[i - 1];
    const after = words[j + 1];
    // Next to a title the lexicon knows as a word ("General", لواء) it is still a name of its own:
    // "according to General Parisot" had been read as part of a known name and not looked for.
    const nextToKnown = [before, after].some((w) => w !== undefined && knownName(w) && capitalised(w.text));
    const [start, end] = [words[i]!.start, words[j]!.end];
    if (!nextToKnown) out.push({ start, end, text: question.slice(start, end) });
    i = j;
  }
  return out;
}
