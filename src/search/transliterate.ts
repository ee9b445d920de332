/**
 * Names written in Latin letters, found in the Arabic articles by their spellings there. An English
 * question names places and people the lexicon does not list ("Sweida", "Walid al-Muallem", "Ain
 * Issa"); the articles write them «السويداء», «وليد المعلم», «عين عيسى». Each Latin letter may stand for
 * one or more Arabic ones (t: ت or ط; a vowel: a long vowel, a short one left unwritten, or ع), so a
 * word has hundreds of possible spellings; the ones the index holds are the name's. They are spelt
 * letter by letter and a spelling is given up as soon as no term of the index begins with it, which
 * keeps the search to a few hundred lookups a word.
 */

import { isStopword } from '../text/index.js';

/** What the search needs of the index's vocabulary (normalised terms, see the BM25 index). */
export interface Vocabulary {
  /** In how many passages a term occurs (0 when none does). */
  df(term: string): number;
  /** Whether some term begins with `prefix`. */
  hasPrefix(prefix: string): boolean;
}

/** An Arabic spelling of a Latin word that the index holds. */
export interface Spelling {
  /** The word as the articles write it, normalised («السويداء»). */
  surface: string;
  /** In how many passages it occurs. */
  df: number;
  /** How unlikely a spelling of the Latin word it is (see Option): 0 for as likely as any. */
  cost: number;
}

/** The index's terms for a word as written, where that differs from its stem (see surfaceTerm). */
const SURFACE = '=';

/**
 * A way to spell a Latin letter in Arabic, and how unlikely it is (0 for as likely as any): English
 * writes short vowels that Arabic leaves out, but a name's i and u are mostly long, written ي and و
 * ("Walid" وليد rather than ولد).
 */
type Option = readonly [spelling: string, cost: number];

/** Spellings, each as likely as any unless given with its cost. */
const spellings = (...options: (string | Option)[]): readonly Option[] =>
  options.map((o) => (typeof o === 'string' ? [o, 0] : o));

/** Latin consonants and the Arabic letters they may stand for, normalised (ة is ه, ى is ي, أ is ا). */
const CONSONANTS: Readonly<Record<string, readonly Option[]>> = {
  b: spellings('ب'),
  d: spellings('د', ['ض', 0.5]),
  f: spellings('ف'),
  g: spellings('غ', 'ج'),
  h: spellings('ه', 'ح'),
  j: spellings('ج'),
  k: spellings('ك', 'ق'),
  l: spellings('ل'),
  m: spellings('م'),
  n: spellings('ن'),
  p: spellings('ب'),
  q: spellings('ق', ['ك', 1]),
  r: spellings('ر'),
  // English writes ز as s too ("Joseph" جوزيف), and Persian و as v ("Safavi" صفوي).
  s: spellings('س', 'ص', ['ز', 0.5]),
  t: spellings('ت', 'ط'),
  v: spellings('ف', ['و', 0.5]),
  w: spellings('و'),
  x: spellings('كس'),
  y: spellings('ي'),
  z: spellings('ز', ['ظ', 0.5]),
  sh: spellings('ش'),
  kh: spellings('خ'),
  gh: spellings('غ'),
  th: spellings('ث', ['ت', 0.5], ['ذ', 0.5]),
  dh: spellings('ذ', ['ض', 0.5], ['د', 0.5], ['ظ', 0.5]),
  ch: spellings('تش', 'ش'),
  ph: spellings('ف'),
  ck: spellings('ك'),
  zh: spellings('ج', 'ز'),
  // ʿ and ’ write ع and the hamza, which the articles' normalised text shows as ا or not at all.
  "'": spellings('ع', 'ا', ''),
  // Diphthongs: "Sweida" السويداء, "Uwayrid" عويرض, "Ismail" إسماعيل; "Mosul" الموصل.
  ai: spellings('ي', 'اي', ['اعي', 0.5], ['عي', 0.5], ['', 2]),
  au: spellings('و', 'او', ['', 2]),
  ou: spellings('و', ['', 2]),
  oo: spellings('و'),
  ee: spellings('ي'),
};
/** Letters read as one. A doubled letter is one too: English doubles what Arabic writes once. */
const DIGRAPHS = ['sh', 'kh', 'gh', 'th', 'dh', 'ch', 'ph', 'ck', 'zh', 'ou', 'oo', 'ee'];
/** Diphthongs, unless a vowel follows ("Mayadin" الميادين: there the y is a consonant). */
const DIPHTHONGS: Readonly<Record<string, string>> = {
  ai: 'ai',
  ay: 'ai',
  ei: 'ai',
  ey: 'ai',
  au: 'au',
  aw: 'au',
};
const VOWEL = /^[aeiou]$/;

/** The spellings of a vowel by where it stands in the word, and whether a vowel stands beside it. */
function vowelSpellings(v: string, first: boolean, last: boolean, hiatus: boolean): readonly Option[] {
  const long = v === 'a' ? 'ا' : v === 'o' || v === 'u' ? 'و' : 'ي';
  // "Ain", "Omar", "Issa", "Idlib", "Iran", "Erdogan", "Uwayrid": ا or ع, and the long vowel after it.
  if (first) return v === 'a' ? spellings('ا', 'ع') : spellings('ا', 'ع', 'ا' + long, 'ع' + long);
  // "Sweida" سويداء, "Raqqa" الرقة, "Danny" داني, "Kino" كينو, "Issa" عيسى.
  if (last) {
    if (v === 'a') return spellings('ا', 'ه', 'ي', ['اء', 0.5]);
    return v === 'e' ? spellings('', 'ي', ['ه', 0.5]) : spellings(long);
  }
  // Between consonants a short a or e is not written: "Walid" وليد, "Dashisha" الدشيشة. Beside another
  // vowel, a is often ع: "Muallem" المعلم, "Shaer" الشاعر.
  if (v === 'a') return hiatus ? spellings('ا', '', 'ع', 'اع') : spellings('ا', '');
  if (v === 'e') return spellings('', 'ي');
  // Before or after another vowel, i and u are short ("Muallem" المعلم, "Muammar" معمر); else mostly long.
  // An English u may be ا or يو: "Trump" ترامب, "Dunford" دانفورد, "Human Rights Watch" هيومن.
  if (v === 'u') return spellings(long, ['', hiatus ? 0 : 1], ['ا', 0.5], ['يو', 0.5]);
  return spellings(long, ['', hiatus ? 0 : 1]);
}

/** A Latin word's letters, as units that each stand for one Arabic letter or none. */
function units(word: string): readonly (readonly Option[])[] {
  const letters: string[] = [];
  for (let i = 0; i < word.length;) {
    const two = word.slice(i, i + 2);
    const diphthong = DIPHTHONGS[two];
    if (diphthong && i > 0 && !VOWEL.test(word[i + 2] ?? '')) {
      letters.push(diphthong);
      i += 2;
    } else if (DIGRAPHS.includes(two)) {
      letters.push(two);
      i += 2;
    } else {
      // A doubled letter is one: "Raqqa", "Muallem", "Issa", "Danny".
      if (letters.at(-1) !== word[i]) letters.push(word[i]!);
      i += 1;
    }
  }
  return letters.map((unit, i) => {
    if (!VOWEL.test(unit)) {
      // c is s before e, i, y ("Cyprus"), else k ("Conoco").
      if (unit === 'c') return /^[eiy]/.test(letters[i + 1] ?? '') ? spellings('س') : spellings('ك', 'ق');
      return CONSONANTS[unit] ?? [];
    }
    const hiatus = VOWEL.test(letters[i - 1] ?? '') || VOWEL.test(letters[i + 1] ?? '');
    return vowelSpellings(unit, i === 0, i === letters.length - 1, hiatus);
  });
}

/** Latin letters with their accents taken off, and the marks of ʿayn and hamza kept as one sign. */
function bareLatin(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ʿʾ‘’`]/gu, "'")
    .replace(/'s$/u, '');
}

/** The definite article as English writes it before a name: "al-", "el-", "ash-Shaddadi", "ad-Dashisha". */
const ARTICLE = /^(?:al|el|ad|adh|ar|as|ash|at|ath|az|an)[-‐‑ ]/u;
/** Most spellings a word is given before the search stops: a bound on a long or odd word. */
const MAX_STEPS = 20_000;

/**
 * The Arabic spellings of one Latin-letter word (a part of a name: "Sweida", "al-Muallem") that the
 * vocabulary holds as words of its passages, the likeliest first (by cost, then
 * the most frequent). Arabic may write a name with
 * the article or without it, whichever English does, so both are looked for. Empty for a word of
 * fewer than three letters, or one in capitals ("RAF", "UN"): an acronym is not spelt out so.
 */
export function arabicSpellings(
  word: string,
  vocab: Vocabulary,
  stem: (token: string) => string,
): Spelling[] {
  if (word.length > 2 && word === word.toUpperCase()) return [];
  const latin = bareLatin(word).replace(ARTICLE, '');
  if (!/^[a-z']{3,}$/u.test(latin)) return [];
  const parts = units(latin);
  const found = new Map<string, { df: number; cost: number }>();
  const alive = new Map<string, boolean>();
  const goesOn = (prefix: string) => {
    let known = alive.get(prefix);
    if (known === undefined) {
      known = vocab.hasPrefix(SURFACE + prefix) || vocab.hasPrefix(prefix);
      alive.set(prefix, known);
    }
    return known;
  };
  let steps = 0;
  const spell = (i: number, prefix: string, cost: number): void => {
    if ((steps += 1) > MAX_STEPS) return;
    if (i === parts.length) {
      const known = found.get(prefix);
      if (known) {
        known.cost = Math.min(known.cost, cost);
        return;
      }
      // The word itself, or, where the stemmer shortens it, its surface form («السويداء», not سويد).
      const df = stem(prefix) === prefix ? vocab.df(prefix) : vocab.df(SURFACE + prefix);
      // A stopword is not indexed as a word of its passages ("Ain" is not «ان»).
      if (df > 0 && !isStopword(prefix)) found.set(prefix, { df, cost });
      return;
    }
    for (const [option, more] of parts[i]!) {
      const next = prefix + option;
      if (option === '' || goesOn(next)) spell(i + 1, next, cost + more);
    }
  };
  for (const start of ['', 'ال']) spell(0, start, 0);
  return [...found]
    .map(([surface, { df, cost }]) => ({ surface, df, cost }))
    .sort((a, b) => a.cost - b.cost || b.df - a.df || a.surface.localeCompare(b.surface));
}

/** Spellings as likely as the likeliest but this much, for a word's candidates. */
const COST_SLACK = 0.5;
/** A spelling this many times rarer than the commonest candidate is not the name's. */
const RARER = 20;
/** Spellings kept for a word, and forms for a name of several. */
const SPELLINGS_KEPT = 4;
const FORMS_KEPT = 16;

/** An unknown name found in the index in Arabic letters. */
export interface SpeltName {
  /** Each word's likeliest spellings, as the articles write them (for the text to embed). */
  surfaces: string[][];
  /** The name's forms, in stems: one of each word's spellings, in order. */
  forms: string[][];
}

/**
 * A name written in Latin letters ("Walid al-Muallem", "Ain Issa", "Sweida") as the index may hold
 * it: each word's likely Arabic spellings (arabicSpellings), those within COST_SLACK of the likeliest
 * and not RARER than the commonest of those. "Sweida" is «السويداء» and «السويدي» (Swedish) alike;
 * a name of several words is held only where its words stand together («وليد المعلم», not ولد and
 * معلم apart), which the retriever checks. Undefined when a word of it has no spelling the index
 * holds: the articles do not name it, and the question is then not answered from them. The article
 * ("al-", "el") is read with the word it stands before.
 *
 * On the second eastern-Syria set (with all of ANT), 15 of 32 answerable English questions had
 * abstained on such a name (Sweida, Idlib, Anbar, Ain Issa, Walid al-Muallem, Kino Gabriel): hit@5
 * 67.7 → 87.1, facts 56.5 → 67.7, false abstention 29.0 → 9.7; one of its five unanswerable English
 * questions (ISIS fighters killed in al-Dashisha) is now answered from an article that names the
 * place. The first set: hit@5 90.3 → 91.9. The seed sets on their own index: no question changed.
 */
export function speltName(
  name: string,
  vocab: Vocabulary,
  stem: (token: string) => string,
): SpeltName | undefined {
  const words = name
    .split(/\s+/u)
    .join(' ')
    .replace(/\b(al|el) (?=\p{L})/giu, '$1-')
    // "Abdullah", "Abdulrahman", "Abd al-Karim" are two words in Arabic: عبد الله, عبد الرحمن.
    .replace(/\babd(?:ul|el|al|-)?(?=\p{L}{3})/giu, 'abd al-')
    .split(' ')
    .filter((w) => w.length > 0);
  const surfaces: string[][] = [];
  for (const word of words) {
    const found = arabicSpellings(word, vocab, stem);
    const best = found[0];
    if (!best) return undefined;
    const likely = found.filter((f) => f.cost <= best.cost + COST_SLACK);
    const common = Math.max(...likely.map((f) => f.df));
    surfaces.push(
      likely
        .filter((f) => f.df * RARER >= common)
        .sort((a, b) => b.df - a.df)
        .slice(0, SPELLINGS_KEPT)
        .map((f) => f.surface),
    );
  }
  if (!surfaces.length) return undefined;
  const stems = surfaces.map((word) => [...new Set(word.map(stem))]);
  let forms: string[][] = [[]];
  for (const word of stems)
    forms = forms.flatMap((form) => word.map((s) => [...form, s])).slice(0, FORMS_KEPT);
  return { surfaces, forms };
}
