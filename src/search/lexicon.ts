// The bilingual (English↔Arabic) lexicon: names and incident vocabulary from data/lexicon.json.
// English questions reach Arabic passages through `matchEnglish` (then `searchedForms`); English
// answers gloss Arabic quotes through `findArabic`. Both matchers are longest-match-first over token
// sequences, with lookup tables keyed by the first token built once in the constructor.
import { readFileSync } from 'node:fs';
import { distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { memoize } from '../memo.js';
import { normalize, stemEnglish, tokenize } from '../text/index.js';

export const LEXICON_TYPES = ['place', 'group', 'person', 'institution', 'term', 'time'] as const;
export type LexiconType = (typeof LEXICON_TYPES)[number];

const NAME_TYPES: ReadonlySet<LexiconType> = new Set(['place', 'group', 'person', 'institution']);

/** Whether an entry is a name (a place, group, person or institution), not a term or a time. */
export function isName(entry: { readonly type: LexiconType }): boolean {
  return NAME_TYPES.has(entry.type);
}

const form = z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty');
const forms = z
  .array(form, { error: (iss) => (iss.input === undefined ? 'is required' : 'must be an array of strings') })
  .min(1, 'must have at least 1 item');

const id = z
  .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a string') })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters, digits and single hyphens');

const entrySchema = z.strictObject(
  {
    id,
    type: z.enum(LEXICON_TYPES, { error: `must be one of ${LEXICON_TYPES.join(', ')}` }),
    en: forms,
    ar: forms,
    /**
     * Arabic forms an English question naming this entry looks for too, though they are another
     * entry's (an Arabic form belongs to one entry, which glosses it): "fighter" is مقاتل, and the
     * عنصر of "قُتل عنصر من فصيل…", which glosses as "member".
     */
    alsoAr: forms.optional(),
    /**
     * Ids of the broader entries this one is part of: a passage that names the US Navy names US
     * forces, for an answer checking that its quotes name what the question asks about.
     */
    within: z.array(id).optional(),
    /**
     * A news outlet or agency. The names in its name are not named by a passage that cites it: «روسيا
     * اليوم» does not name Russia, «الميادين» the channel not Mayadin, «دير الزور 24» not the province.
     */
    outlet: z.boolean({ error: 'must be true or false' }).optional(),
    /** Free text for maintainers (sources, spelling notes); ignored by the code. */
    note: z.string().optional(),
  },
  {
    error: (iss) =>
      iss.code === 'unrecognized_keys' ? `unknown field(s) ${iss.keys.join(', ')}` : undefined,
  },
);

export type LexiconEntry = Readonly<z.infer<typeof entrySchema>> & {
  readonly en: readonly string[];
  readonly ar: readonly string[];
};

const fileSchema = z.strictObject({
  version: z.literal(1, { error: 'must be 1' }),
  entries: z.array(z.unknown(), {
    error: (iss) => (iss.input === undefined ? 'is required' : 'must be an array'),
  }),
});

export interface EnglishMatch {
  entry: LexiconEntry;
  /** Offsets into the original text: `text.slice(start, end) === surface`. */
  start: number;
  end: number;
  surface: string;
}

export interface ArabicMatch {
  entry: LexiconEntry;
  /** Offsets into the original text; an attached proclitic (و ب ل ف ك) is left outside the span. */
  start: number;
  end: number;
}

function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out;
}

/** Validates parsed JSON; `origin` (usually the file path) starts every error message. */
export function parseLexicon(json: unknown, origin: string): Lexicon {
  const top = fileSchema.safeParse(json);
  if (!top.success) {
    const lines = top.error.issues.map((i) => `${origin}: ${issuePath(i.path) || 'lexicon'} ${i.message}`);
    throw new Error(lines.join('\n'));
  }
  const errors: string[] = [];
  const entries: LexiconEntry[] = [];
  const firstIndexOf = new Map<string, number>();
  top.data.entries.forEach((raw, index) => {
    const rawId = (raw as { id?: unknown } | null)?.id;
    const where = `${origin}: entries[${index}]${typeof rawId === 'string' ? ` (id "${rawId}")` : ''}`;
    const parsed = entrySchema.safeParse(raw);
    if (!parsed.success) {
      for (const i of parsed.error.issues)
        errors.push(`${where}: ${issuePath(i.path) || 'entry'} ${i.message}`);
      return;
    }
    const entry = parsed.data;
    const previous = firstIndexOf.get(entry.id);
    if (previous !== undefined) errors.push(`${where}: id duplicates entries[${previous}]`);
    else firstIndexOf.set(entry.id, index);
    entry.en.forEach((f, k) => {
      if (englishTokens(f).length === 0) errors.push(`${where}: en[${k}] has no letters or digits`);
    });
    entry.ar.forEach((f, k) => {
      if (arabicTokens(f).length === 0) errors.push(`${where}: ar[${k}] has no letters or digits`);
    });
    entry.alsoAr?.forEach((f, k) => {
      if (arabicTokens(f).length === 0) errors.push(`${where}: alsoAr[${k}] has no letters or digits`);
    });
    entries.push(entry);
  });
  entries.forEach((entry) =>
    entry.within?.forEach((broader, k) => {
      if (!firstIndexOf.has(broader) || broader === entry.id)
        errors.push(
          `${origin}: entries[${firstIndexOf.get(entry.id)}] (id "${entry.id}"): within[${k}] "${broader}" is not another entry's id`,
        );
    }),
  );
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return new Lexicon(entries);
}

/** Reads and validates a lexicon file (see data/lexicon.json); errors name the file, entry and field. */
export function loadLexicon(path: string): Lexicon {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`${path}: cannot read the lexicon (${(err as Error).message})`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path}: invalid JSON (${(err as Error).message})`, { cause: err });
  }
  return parseLexicon(json, path);
}

// ---------------------------------------------------------------------------------------------
// English side

interface EnglishToken {
  /** Stemmed, folded key compared for every token. */
  key: string;
  /** Folded but case-kept, for the few forms that must match with their case. */
  cased: string;
  start: number;
  end: number;
}

// Letter runs joined by apostrophes or periods ("Asa'ib", "U.S"), or digit runs. Hyphens and spaces
// separate tokens, so "Deir ez-Zor" = "Deir ez Zor" = "deir-ez-zor".
const EN_TOKEN = /\p{L}[\p{L}\p{M}]*(?:['’ʼ.]\p{L}[\p{L}\p{M}]*)*|\p{N}+/gu;
const EN_JOINERS = /['’ʼ.]/g;
const POSSESSIVE = /['’ʼ]s$/i;
// Arabic article written before names: "Al-Omar" is also accepted as "Omar".
const EN_ARTICLES = new Set(['al', 'el']);
// One-word forms that are also everyday English words match only with the case they are listed in:
// "US" (not "us"), "IS" (not "is"), "May", "March".
const CASE_SENSITIVE_WORDS = new Set(['us', 'is', 'may', 'march', 'it', 'am', 'who', 'un']);

// The lexicon's forms and every English question are stemmed word by word, mostly the same words.
const stemWord = memoize(stemEnglish, 20_000);

function englishTokens(text: string): EnglishToken[] {
  const out: EnglishToken[] = [];
  for (const m of text.matchAll(EN_TOKEN)) {
    const cased = m[0]
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(POSSESSIVE, '')
      .replace(EN_JOINERS, '');
    if (cased === '') continue;
    out.push({ key: stemWord(cased.toLowerCase()), cased, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

interface EnglishPattern {
  keys: readonly string[];
  /** Set for one-word forms in CASE_SENSITIVE_WORDS. */
  cased?: string;
  entry: LexiconEntry;
}

// ---------------------------------------------------------------------------------------------
// Arabic side

interface ArabicToken {
  norm: string;
  start: number;
  end: number;
}

/** The most texts whose findArabic matches a Lexicon keeps. */
const FOUND_CACHED = 4096;
// Same shape as `tokenize`, run on the ORIGINAL text so offsets stay exact.
const AR_TOKEN = /\p{L}[\p{L}\p{M}]*|\p{N}+/gu;
const ARTICLE = 'ال';
// Attached proclitics before a name, longest first. "لل" is ل + ال with the alef dropped (للتحالف).
const PROCLITICS = ['وب', 'ول', 'وك', 'فب', 'فل', 'فك', 'و', 'ف', 'ب', 'ل', 'ك'];
const LAM_ARTICLE = ['ولل', 'فلل', 'لل'];
const MIN_REST = 2;

interface Candidate {
  /** The normalized token with its clitics removed, as it would be listed in the lexicon. */
  text: string;
  /** Base letters of the original token to leave outside the match span. */
  skip: number;
  /** 0 for the token as written; higher for more stripping, to break ties. */
  cost: number;
}

function firstTokenCandidates(token: string): Candidate[] {
  const out: Candidate[] = [{ text: token, skip: 0, cost: 0 }];
  for (const p of LAM_ARTICLE) {
    if (token.startsWith(p) && token.length - p.length >= MIN_REST) {
      const rest = token.slice(p.length);
      out.push(
        { text: ARTICLE + rest, skip: p.length - 2, cost: 1 },
        { text: rest, skip: p.length - 2, cost: 3 },
      );
      break;
    }
  }
  for (const p of PROCLITICS) {
    if (token.startsWith(p) && token.length - p.length >= MIN_REST) {
      out.push({ text: token.slice(p.length), skip: p.length, cost: 1 });
      break;
    }
  }
  // A form listed without the article also matches the token with it (ثماني ← الثماني, بالقصف → قصف).
  for (const c of [...out]) {
    if (c.text.startsWith(ARTICLE) && c.text.length - ARTICLE.length >= MIN_REST) {
      out.push({ text: c.text.slice(ARTICLE.length), skip: c.skip, cost: c.cost + 2 });
    }
  }
  return out;
}

/** Offset just after the first `letters` base letters of raw[start, end) (marks and tatweel skipped). */
function skipLetters(raw: string, start: number, end: number, letters: number): number {
  let pos = start;
  let seen = 0;
  while (pos < end && seen < letters) {
    const cp = raw.codePointAt(pos) ?? 0;
    const ch = String.fromCodePoint(cp);
    if (!/\p{M}/u.test(ch) && ch !== '\u0640') seen += 1;
    pos += ch.length;
  }
  while (pos < end && /[\p{M}\u0640]/u.test(raw[pos] ?? '')) pos += 1;
  return pos;
}

const arabicTokens = (form: string): string[] => tokenize(normalize(form));

function normalizedForms(entry: LexiconEntry): string[] {
  return [...new Set(entry.ar.map((f) => arabicTokens(f).join(' ')).filter((f) => f !== ''))];
}

/**
 * A noun and its adjectives, all with the article, without it: «قوات روسية» is «القوات الروسية»
 * indefinite («هاجموا رتلا لقوات النظام وقوات روسية حليفة»), and «قاعدة عسكرية» «القاعدة
 * العسكرية». Only for a word of the incident vocabulary, or a name of forces or bases of a country
 * or a side (CLASS_NOUNS): «دولة إسلامية» is any Islamic state, and «الدولة الإسلامية» one group.
 * Only before an adjective of relation (روسية, عسكري, دولي): a name's own adjective is not one
 * («القرية الخضراء», «الفرقة الرابعة», «الولايات المتحدة»), nor is an ordinal («المحطة الثانية»).
 * Undefined for a form of one word, or one whose words do not all have the article (a construct
 * like «قوات التحالف», whose first word never has it). «هاجموا رتلا لقوات النظام وقوات روسية» had
 * been told «لم يرد… القوات الروسية». No rank, fact or abstention moved on any set or index.
 */
function indefinite(toks: readonly string[], entry: LexiconEntry): string[] | undefined {
  if (toks.length < 2) return undefined;
  if (!toks.every((t) => t.startsWith(ARTICLE) && t.length - ARTICLE.length >= MIN_REST)) return undefined;
  const bare = toks.map((t) => t.slice(ARTICLE.length));
  if (entry.type !== 'term' && !CLASS_NOUNS.has(bare[0]!)) return undefined;
  const last = bare[bare.length - 1]!;
  return RELATION_ADJECTIVE.test(last) && !ORDINAL.test(last) ? bare : undefined;
}

/** Nouns of forces, bases and alliances, normalized, whose name with a country's adjective is a class of them. */
const CLASS_NOUNS = new Set(arabicTokens('قوات جيش جنود عسكريين ميليشيات ميلشيات فصائل قاعدة قواعد تحالف'));
/** An adjective of relation (nisba), normalized: روسيه, عسكري, كرديين. */
const RELATION_ADJECTIVE = /ي(?:ه|ة|ين|ون)?$/u;
/** Ordinals end alike. */
const ORDINAL = /^(?:ثاني|ثالث|رابع|خامس|سادس|سابع|ثامن|تاسع|عاشر|حادي)|^اولي?$/u;

interface ArabicPattern {
  tokens: readonly string[];
  entry: LexiconEntry;
}

interface Span {
  first: number;
  length: number;
  cost: number;
}

/** Longest first, then cheaper, then leftmost; keeps the spans that overlap nothing already kept. */
function pickNonOverlapping<T extends Span>(candidates: T[], tokenCount: number): T[] {
  candidates.sort((a, b) => b.length - a.length || a.cost - b.cost || a.first - b.first);
  const taken = new Uint8Array(tokenCount);
  const kept: T[] = [];
  for (const c of candidates) {
    let free = true;
    for (let k = c.first; k < c.first + c.length && free; k += 1) free = taken[k] === 0;
    if (!free) continue;
    taken.fill(1, c.first, c.first + c.length);
    kept.push(c);
  }
  return kept.sort((a, b) => a.first - b.first);
}

function addPattern<P extends { entry: LexiconEntry }>(
  index: Map<string, P[]>,
  first: string,
  pattern: P,
  same: (a: P) => boolean,
): void {
  const list = index.get(first) ?? [];
  // The same token sequence twice (another spelling that folds alike, or another entry) keeps the first.
  if (list.some(same)) return;
  list.push(pattern);
  index.set(first, list);
}

/** English as spellings are compared: lower case, without accents, words apart by one space. */
function foldLatin(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export class Lexicon {
  readonly entries: readonly LexiconEntry[];
  /** The English forms of the names, folded (nearestName), made on first use. */
  private namesFolded: { entry: LexiconEntry; folded: string }[] | undefined;
  private readonly ids = new Map<string, LexiconEntry>();
  private readonly english = new Map<string, EnglishPattern[]>();
  private readonly arabic = new Map<string, ArabicPattern[]>();
  private readonly arabicForms = new Map<LexiconEntry, string[]>();
  /** findArabic's answers by text, the oldest dropped past FOUND_CACHED (see findArabic). */
  private readonly found = memoize((text): readonly ArabicMatch[] => this.matchArabic(text), FOUND_CACHED);

  constructor(entries: readonly LexiconEntry[]) {
    this.entries = entries;
    for (const entry of entries) {
      if (this.ids.has(entry.id)) throw new Error(`lexicon: duplicate id "${entry.id}"`);
      this.ids.set(entry.id, entry);
      for (const f of entry.en) this.indexEnglish(entry, f);
      for (const toks of entry.ar.map(arabicTokens)) {
        const first = toks[0];
        if (first === undefined) continue;
        const joined = toks.join(' ');
        addPattern(this.arabic, first, { tokens: toks, entry }, (p) => p.tokens.join(' ') === joined);
      }
      this.arabicForms.set(entry, normalizedForms(entry));
    }
    // After every listed form, so that none of them gives way to a form made here.
    for (const entry of entries) {
      for (const toks of entry.ar.map(arabicTokens)) {
        const bare = indefinite(toks, entry);
        if (!bare) continue;
        const joined = bare.join(' ');
        addPattern(this.arabic, bare[0]!, { tokens: bare, entry }, (p) => p.tokens.join(' ') === joined);
      }
    }
  }

  private indexEnglish(entry: LexiconEntry, form: string): void {
    const toks = englishTokens(form);
    const variants = [toks];
    const head = toks[0];
    if (head && toks.length > 1 && EN_ARTICLES.has(head.key)) variants.push(toks.slice(1));
    for (const v of variants) {
      const first = v[0];
      if (first === undefined) continue;
      const keys = v.map((t) => t.key);
      const cased = v.length === 1 && CASE_SENSITIVE_WORDS.has(first.key) ? first.cased : undefined;
      const joined = keys.join(' ');
      addPattern(
        this.english,
        first.key,
        { keys, cased, entry },
        (p) => p.keys.join(' ') === joined && p.cased === cased,
      );
    }
  }

  byId(id: string): LexiconEntry | undefined {
    return this.ids.get(id);
  }

  /** The entry's Arabic forms, normalized (tokens joined by one space), without duplicates. */
  arabicFormsOf(entry: LexiconEntry): string[] {
    return [...(this.arabicForms.get(entry) ?? normalizedForms(entry))];
  }

  /** What an English question naming the entry looks for: its Arabic forms, then its `alsoAr`. */
  searchedForms(entry: LexiconEntry): readonly string[] {
    return entry.alsoAr ? [...entry.ar, ...entry.alsoAr] : entry.ar;
  }

  /** Lexicon names and words in English text, longest match first, no overlaps, in text order. */
  matchEnglish(text: string): EnglishMatch[] {
    const toks = englishTokens(text);
    const found: (Span & { entry: LexiconEntry })[] = [];
    toks.forEach((tok, i) => {
      for (const p of this.english.get(tok.key) ?? []) {
        if (i + p.keys.length > toks.length) continue;
        if (p.cased !== undefined && p.cased !== tok.cased) continue;
        let ok = true;
        for (let k = 1; k < p.keys.length && ok; k += 1) ok = toks[i + k]?.key === p.keys[k];
        if (ok) found.push({ first: i, length: p.keys.length, cost: 0, entry: p.entry });
      }
    });
    return pickNonOverlapping(found, toks.length).map((m) => {
      const start = toks[m.first]?.start ?? 0;
      const end = toks[m.first + m.length - 1]?.end ?? start;
      return { entry: m.entry, start, end, surface: text.slice(start, end) };
    });
  }

  /**
   * Lexicon forms in Arabic text (clitics allowed on the first word), longest first, no overlaps.
   * An answer reads each quoted passage for its names, its figures' names and its glosses, and the
   * same passages answer many questions, so the matches are kept by text (about 0.13 ms a passage).
   */
  findArabic(text: string): readonly ArabicMatch[] {
    return this.found(text);
  }

  /**
   * Whether `text` holds a form of `entry` anywhere, inside a longer name too: findArabic, longest
   * first, reads "ميليشيات موالية لإيران" as Iran-backed militias, which names Iran all the same.
   */
  /**
   * The place, group, person or institution whose English name is spelt nearest to `name`, a name
   * the lexicon does not know: "Grean Vilage" is Green Village, "Al-Omr" Al-Omar. Within one edit
   * for a name of up to five letters, two for a longer one; undefined when none is that near, or
   * the name is shorter than four.
   */
  nearestName(name: string): LexiconEntry | undefined {
    const folded = foldLatin(name);
    if (folded.length < 4) return undefined;
    this.namesFolded ??= this.entries
      .filter(isName)
      .flatMap((entry) => entry.en.map((f) => ({ entry, folded: foldLatin(f) })));
    let best: { entry: LexiconEntry; edits: number } | undefined;
    for (const { entry, folded: form } of this.namesFolded) {
      const edits = distance(folded, form);
      if (edits <= (folded.length <= 5 ? 1 : 2) && (!best || edits < best.edits)) best = { entry, edits };
    }
    return best?.entry;
  }

  mentions(text: string, entry: LexiconEntry): boolean {
    const found = this.allArabic(tokensAt(text));
    const outlets = found.filter((o) => o.entry.outlet && o.entry !== entry);
    const inOutlet = (m: Span): boolean =>
      outlets.some(
        (o) => o.length > m.length && o.first <= m.first && m.first + m.length <= o.first + o.length,
      );
    return found.some((m) => m.entry === entry && !inOutlet(m));
  }

  /** Every form found in `toks`, overlapping or not. */
  private allArabic(toks: readonly ArabicToken[]): (Span & { entry: LexiconEntry; skip: number })[] {
    const found: (Span & { entry: LexiconEntry; skip: number })[] = [];
    toks.forEach((tok, i) => {
      for (const c of firstTokenCandidates(tok.norm)) {
        for (const p of this.arabic.get(c.text) ?? []) {
          if (i + p.tokens.length > toks.length) continue;
          let ok = true;
          for (let k = 1; k < p.tokens.length && ok; k += 1) ok = toks[i + k]?.norm === p.tokens[k];
          if (ok)
            found.push({ first: i, length: p.tokens.length, cost: c.cost, skip: c.skip, entry: p.entry });
        }
      }
    });
    return found;
  }

  private matchArabic(text: string): ArabicMatch[] {
    const toks = tokensAt(text);
    return pickNonOverlapping(this.allArabic(toks), toks.length).map((m) => {
      const head = toks[m.first];
      const last = toks[m.first + m.length - 1];
      const start = head ? skipLetters(text, head.start, head.end, m.skip) : 0;
      return { entry: m.entry, start, end: last?.end ?? start };
    });
  }
}

/** `text`'s Arabic tokens, normalised, with where each stands in it. */
function tokensAt(text: string): ArabicToken[] {
  const toks: ArabicToken[] = [];
  for (const m of text.matchAll(AR_TOKEN)) {
    // Normalisation may split a token (NFKC of a ligature) or empty it (a lone tatweel).
    for (const norm of tokenize(normalize(m[0])))
      toks.push({ norm, start: m.index, end: m.index + m[0].length });
  }
  return toks;
}
