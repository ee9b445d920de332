import { Document } from '@langchain/core/documents';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import type { IndexEmbeddings } from '../embed/index.js';
import {
  LEAD_PREFIX,
  stemsOf,
  type Hit,
  type IncidentIndex,
  type PassageRow,
  type WeightedTerm,
} from '../index/index.js';
import type { Language } from '../corpus/types.js';
import { followingDay, namesWeekday, questionDays, questionWeekdays, statesDay } from '../answer/dates.js';
import type { Lexicon } from './lexicon.js';
import {
  asksOf,
  dayWordOf,
  followUp,
  planQuery,
  type Concept,
  type LexiconForm,
  type QueryPlan,
} from './plan.js';
import { createAnalyzer, normalize, RootIndex, tokenize, type Analyzer } from '../text/index.js';
import {
  answerTypeMatcher,
  asksWhatIs,
  countedWords,
  countMatcher,
  expectedAnswerType,
  namesDefinition,
} from './answer-type.js';

export interface RetrievedPassage {
  row: PassageRow;
  /** Final ranking score. */
  score: number;
  /** Share of the question's concepts (idf-weighted) that the passage contains, 0..1. */
  coverage: number;
  /**
   * Share of what the question asks about its names (see asksOf) that the passage, read in its
   * context, holds; undefined when the question asks nothing beyond them.
   */
  asked?: number;
  denseRank: number | null;
  bm25Rank: number | null;
  /** Near-duplicates of this passage in other articles (same statement, other outlets). */
  alsoIn: PassageRow[];
}

export interface SearchResult {
  plan: QueryPlan;
  passages: RetrievedPassage[];
}

export interface SearchOptions {
  /** The question this one follows up on (see followUp). */
  previous?: string;
  /**
   * Labels of names the question asks about (Concept.label) that every passage must hold, in
   * itself or beside it: a second search for a question whose first passages' articles name none
   * of them (see the answer's unnamed).
   */
  naming?: readonly string[];
  /** The language of a question without letters to tell (see plan). */
  language?: Language;
}

export interface HybridRetrieverOptions extends BaseRetrieverInput {
  index: IncidentIndex;
  embeddings: IndexEmbeddings;
  lexicon: Lexicon;
  k?: number;
  /** Candidates taken from each of dense and lexical search before fusion. */
  candidates?: number;
}

const RRF_K = 60;
/** An index of at most this many passages keeps their terms across questions (see PassageTerms). */
const TERMS_CACHED = 4096;
/**
 * A question's word found in a passage only as another term of its root (تتركز as يتركز, تأسيس as
 * تأسست) counts for this share of the word. Arcd dev: hit@5 93.2 → 94.2, hit@1 72.2 → 72.9; with
 * all of ANT hit@1 60.0 → 61.9, hit@5 85.4 the same; seed dev unchanged. At 0.3 / 0.5: arcd dev
 * 93.9 / 94.5 and 73.0 / 72.9; but at 0.5 "ما هي عاصمة فرنسا؟" reaches the abstention threshold
 * on the seeds (فرنسا and فرانس, as in فرانس برس, share a root).
 */
const ROOT_SHARE = 0.4;
/**
 * The hashed lexical vectors are the weaker signal: at half weight, arcd dev with ANT as
 * distractors gains 0.9 points of hit@5 and 1.7 of hit@1, and seed dev keeps 100% hit@5. Since the
 * article index normalises length fully, less still: 0.5 → 0.3 takes arcd dev hit@1 74.3 → 74.8
 * (12 better, 3 worse), with ANT 65.1 → 65.7 (20 better, 7 worse), hit@5 95.5 → 95.6 and 87.0 →
 * 87.1; seed dev and the check set unchanged. At 0 / 0.1 / 0.2: arcd dev hit@1 74.5 / 74.6 / 74.5,
 * with ANT 66.8 / 65.8 / 65.7; at 0.8, 74.2 and 63.6. Tuned for the offline embedder: e5's vectors
 * are a stronger signal and may deserve more.
 */
const DENSE_WEIGHT = 0.3;
const CONTEXT_WEIGHT = 0.5;
const NEIGHBOUR_SOURCES = 10;
const NEIGHBOUR_SHARE = 0.8;
const SHORT_PASSAGE_TERMS = 8;
const DUPLICATE_JACCARD = 0.6;
/** A passage without the kind of answer the question word asks for (a date for "when") ranks lower. */
const MISSING_ANSWER_TYPE = 0.7;
/**
 * "من هو X؟" / "What is X?" is answered by a sentence that defines X, and such a sentence opens with
 * X; so, often, is "أين يقع X؟" / "Where is X?" ("لبنان … هي دولة عربية واقعة في الشرق الأوسط"). A
 * passage whose first words are the question's subject, followed by at least DEFINITION_WORDS more,
 * scores 1 + DEFINITION_WEIGHT times as much. Arcd dev: hit@1 70.8 → 71.5, hit@5 91.9 → 92.1; with
 * all of ANT 59.1 → 59.6 and 84.4 → 84.5; seed dev unchanged. "Where" questions alone: arcd dev 4
 * better, none worse; with ANT 2 better, 1 worse. At weight 2, two more at rank 1 on arcd dev.
 */
const DEFINITION_WEIGHT = 1;
/**
 * "كم ولاية في الهند؟" is answered by "28 ولاية", "كم عدد القذائف" by "ثماني قذائف": a passage with
 * a number right before what the question counts scores 1 + COUNT_WEIGHT times as much. Of arcd
 * dev's 81 "كم" questions, "28 ولاية" was outranked by "أربعة أشخاص في ولاية". Arcd dev: hit@1
 * 73.0 → 73.1 (4 better, 3 worse), hit@5 94.8 the same; with all of ANT 62.2 → 62.6 and 86.1 →
 * 86.2 (8 better, 3 worse); seed dev and the check set unchanged. At 0.5 / 2: 72.9 / 73.0 and
 * 62.5 / 62.5. Only a passage that names what the question names counts so (see MISSING_NAME):
 * "كم عدد القتلى في الهجوم على قاعدة القرية الخضراء؟" was answered first with "5 قتلى" of the
 * coalition's strikes on Deir ez-Zor, an article that never names the base. Every eval set, on
 * both indexes, ranks as before.
 */
const COUNT_WEIGHT = 1;
/**
 * A passage that does not name a name the question asks about ("حقل العمر" in "هل سقط قتلى في
 * الهجوم على حقل العمر؟"), neither in its context nor in its article's first passage, scores this
 * much: on a large index, passages that hold the question's common words ("سقط 3 قتلى في جنوب
 * فرنسا", with "من العمر 26 عاما" beside it) otherwise outrank those about the place. Seed dev, arcd
 * dev, and both with all of ANT as distractors: no question worse (one better on arcd with ANT). The
 * check set and the four blind seed sets on the seed index: 9 better, 4 worse, hit@5 the same; on the
 * index with all of ANT: 6 better (two into the first five), 2 worse, one unanswerable question
 * answered. At 0.5, 13 better and 6 worse on the seed index, two of them out of the first five.
 */
const MISSING_NAME = 0.7;
/**
 * Every passage of the article that leads after ranking is a candidate, at this share of its leading
 * passage's fused score (as a neighbour is, NEIGHBOUR_SHARE): on a large index, the sentence that
 * answers may share too few words with the question to be among either search's candidates ("لا
 * يعتقد أن الضربة تسببت في وقوع أي خسائر بين المدنيين" for whether CENTCOM's strike on the
 * weapons store hurt civilians), though on the seed index every passage is one. The check and four
 * blind seed sets on the index with all of ANT: 5 better (all from outside the first five to the
 * first two), none worse; arcd dev with ANT: hit@5 and hit@1 the same, 3 questions a rank lower
 * within the first five; seed dev, arcd dev and the seed index unchanged. At 0.65: 2 better; at 1:
 * arcd dev with ANT loses two questions from the first five. Expanding the two leading articles at
 * 0.8 gains 2 more on the blind sets but loses one there and one on arcd dev with ANT.
 */
const LEADING_ARTICLE_SHARE = 0.8;
/** The words a definition has after its subject, at least ("هو نمو الخلايا"). */
const DEFINITION_WORDS = 3;
/**
 * An article whose opening words name what the question asks about is about it: a passage of it
 * gains up to half again. ARCD dev with ANT as distractors: hit@5 76.4 → 78.1, hit@1 53.0 → 56.2.
 */
const LEAD_WEIGHT = 0.5;
/** A name's words may have this many other words between them ("حقل العمر النفطي" holds حقل … نفطي). */
const NAME_SLACK = 1;
/**
 * At most this many passages of one article lead the results; its others rank by a share of their
 * score (BEYOND_PER_ARTICLE). Three sentences of one article rarely say more than two, and leave no
 * room for a second source. Arcd dev with ANT as distractors: hit@5 81.1 → 81.7, no question worse;
 * seed dev unchanged (at 1: seed dev hit@5 falls to 95.7, five articles being too few).
 */
const PER_ARTICLE = 2;
/**
 * An article's passage past its first PER_ARTICLE ranks by this share of its score, among the
 * others' passages. They used to wait for every article's first two; with five articles, that put a
 * third passage scoring twice the others' at rank 17 to 21 ("وصول سيارات محملة بعناصر… إلى المشفى
 * العسكري" for where the wounded were taken, "ردت القوات الأمريكية… بقصف مماثل"). A set of 40 new
 * questions on the seed articles, written blind (34 answerable): hit@5 88.2 → 97.1 (0.7 and 0.8 the
 * same, 0.5 94.1). Seed dev, the seed check set, arcd dev and arcd dev with all of ANT: not one rank
 * changed (at 0.7, one rank worse on arcd dev and one with ANT; at 0.8, three and four; with no cap
 * at all, hit@5 with ANT 87.1 → 86.9).
 */
const BEYOND_PER_ARTICLE = 0.6;
/**
 * The most passages of one article quoted as one span (see the answer's choosePassages).
 *
 * A passage next to one of its article's leading passages leads too, up to a span of this many,
 * even past PER_ARTICLE: quoted with its neighbour, it takes no place of its own, and the answer is
 * often the sentence after the one that names the place ("…استهدف مقراً للواء فاطميون…" then "وذكر
 * أن الغارة أسفرت عن إصابة عنصرين…").
 *
 * Measured: quoting two as one (from none): seed dev hit@1 91.3 → 95.7, with all of ANT 82.6 →
 * 95.7; arcd dev hit@5 94.2 → 94.8, facts 84.0 → 86.9, with ANT 85.4 → 86.1. Then three, with the
 * neighbours leading: the seed check set hit@5 95.0 → 100, hit@1 80.0 → 85.0; arcd dev hit@5 94.8
 * the same, facts 87.2 → 88.2; with all of ANT hit@5 86.2 → 86.1 (one question), facts 78.0 →
 * 79.1; seed dev unchanged. Letting every neighbour lead, none counted against PER_ARTICLE, loses
 * nine questions with ANT: one article's spans then crowd out the others.
 */
export const JOINED = 3;
/** What a name of several words is worth when its words are not together: a share of what is present. */
const PARTIAL_NAME = 0.5;
/** The opening: the first content words of the article's first passage, about its first sentence. */
const LEAD_TERMS = 8;
/**
 * A passage of an article that, as a whole, matches the question well ranks higher: by up to
 * ARTICLE_WEIGHT times its score, in proportion to its article's BM25 score against the best
 * article's, for the ARTICLES best. The words of a question are often spread over an article's
 * sentences: "كم صاروخاً استهدف قاعدة التنف؟" over "…قاعدة التنف…" and "وسقطت ثلاثة صواريخ…".
 * Arcd dev: hit@1 67.6 → 70.8, hit@5 91.4 → 91.9; with all of ANT as distractors 56.2 → 59.1 and
 * 82.2 → 83.7; seed dev unchanged. Weights 0.5 / 1 / 2 / 4: arcd hit@1 69.5 / 70.4 / 71.1 / 70.8,
 * hit@5 91.6 / 91.6 / 91.5 / 91.9. Scaling by the square of the share instead costs seed dev a
 * question's hit@1.
 */
const ARTICLE_WEIGHT = 4;
const ARTICLES = 50;
/**
 * The passages of those of the ARTICLE_CANDIDATES best articles that have none among the candidates
 * are candidates too, at ARTICLE_SHARE of a fused score at their article's rank: among 219k
 * passages, a question's best article may have none in the 40 best of either list. Arcd dev with
 * all of ANT: hit@5 83.7 → 84.4 (7 questions better, none worse); arcd dev and seed dev unchanged.
 * Adding every passage of the five articles gains 84.5 but on the seeds makes every passage a
 * candidate (answer p95 3.2 → 4.3 ms); at full share, or also adding to the passages already
 * there, it loses as much as it gains.
 */
const ARTICLE_CANDIDATES = 5;
const ARTICLE_SHARE = 0.5;

/**
 * Hybrid retrieval: dense (hnswlib) and lexical (BM25) candidates fused by reciprocal rank,
 * re-ranked by how much of the question each passage covers, with near-duplicate passages
 * collapsed into one result that lists every article carrying it.
 */
export class HybridRetriever extends BaseRetriever {
  override lc_namespace = ['incident-qa', 'retrievers'];
  private readonly index: IncidentIndex;
  private readonly embeddings: IndexEmbeddings;
  private readonly lexicon: Lexicon;
  private readonly k: number;
  private readonly candidates: number;
  private readonly analyzer: Analyzer = createAnalyzer();
  private readonly holdsAnswer = answerTypeMatcher(this.analyzer);
  private readonly counts = countMatcher(this.analyzer);
  private readonly lexiconForms = new Map<string, LexiconForm>();
  private readonly roots: RootIndex;
  private readonly passageTerms: PassageTerms;

  constructor(opts: HybridRetrieverOptions) {
    super(opts);
    this.index = opts.index;
    this.embeddings = opts.embeddings;
    this.lexicon = opts.lexicon;
    this.k = opts.k ?? 5;
    this.candidates = opts.candidates ?? 40;
    this.passageTerms = new PassageTerms(this.index.store, TERMS_CACHED);
    // Built once, as the index opens (about half a second for all of ANT's vocabulary).
    this.roots = RootIndex.fromTerms(this.index.lexical.terms());
  }

  /**
   * The question's plan; read with `previous` when it follows up on that question (see followUp).
   * A question without letters to tell its language ("2022?") is in the language of the one it
   * follows, else in `language`.
   */
  plan(question: string, previous?: string, language?: Language): QueryPlan {
    const before = previous?.trim() ? this.planOne(previous, language) : undefined;
    // "and the day before?" asks about the day before the one the question before named.
    const asked = (before && followingDay(question, before.question)) ?? question;
    const plan = this.planOne(asked, before?.language ?? language);
    return before ? followUp(plan, before) : plan;
  }

  private planOne(question: string, language: Language | undefined): QueryPlan {
    return planQuery(question, {
      ...(language ? { language } : {}),
      lexicon: this.lexicon,
      analyzer: this.analyzer,
      crossLingualDense: this.embeddings.id.startsWith('e5'),
      df: (term) => this.index.lexical.df(term),
      hasPrefix: (prefix) => this.index.lexical.hasPrefix(prefix),
      lexiconForms: this.lexiconForms,
      related: (stem) => this.roots.related(stem),
    });
  }

  async search(question: string, k = this.k, opts: SearchOptions = {}): Promise<SearchResult> {
    const plan = this.plan(question, opts.previous, opts.language);
    const toName = new Set(opts.naming);
    const naming = plan.concepts.filter((c) => c.name && toName.has(c.label));
    // The dense search runs on the shards' threads while this one does BM25.
    const denseSearch = plan.denseText.trim()
      ? this.index.dense(await this.embeddings.embedQuery(plan.denseText), this.candidates)
      : Promise.resolve([]);
    denseSearch.catch(() => {}); // awaited below; BM25 must not leave its failure unhandled
    // Searching for the names, their words weigh more: the passages that name them come first.
    const query = naming.length ? [...plan.terms, ...namingTerms(naming)] : plan.terms;
    const bm25 = query.length ? this.index.bm25(query, this.candidates) : [];
    // The article index has no lead field: the whole article is there.
    const articleTerms = plan.terms.filter((t) => !t.term.startsWith(LEAD_PREFIX));
    const articleHits = articleTerms.length ? this.index.articles(articleTerms, ARTICLES) : [];
    const bestArticle = articleHits[0]?.score ?? 0;
    const articleShare = new Map(articleHits.map((h) => [h.label, h.score / bestArticle]));
    const fused = fuse(await denseSearch, bm25).slice(0, this.candidates);
    const seen = new Set(fused.map((f) => f.label));
    const articleRank = new Map(articleHits.slice(0, ARTICLE_CANDIDATES).map((h, i) => [h.label, i + 1]));
    const articleRows = this.index.store.articlePassages([...articleRank.keys()]);
    const represented = new Set(articleRows.filter((r) => seen.has(r.label)).map((r) => r.from));
    for (const { label, from } of articleRows) {
      if (represented.has(from) || seen.has(label)) continue;
      seen.add(label);
      const score = ARTICLE_SHARE / (RRF_K + articleRank.get(from)!);
      fused.push({ label, score, denseRank: null, bm25Rank: null });
    }
    // The passages around the best hits are candidates too: the answer is often the sentence after
    // the one that names the place. One query fetches the candidates and their neighbours (an
    // article's passages have consecutive labels).
    for (const f of fused.slice(0, NEIGHBOUR_SOURCES)) {
      for (const label of [f.label - 1, f.label + 1]) {
        if (seen.has(label)) continue;
        seen.add(label);
        fused.push({ label, score: f.score * NEIGHBOUR_SHARE, denseRank: null, bm25Rank: null });
      }
    }
    const wanted = new Set<number>();
    for (const f of fused) for (const l of [f.label - 1, f.label, f.label + 1]) wanted.add(l);
    const onTheDay = this.dayReader(plan);
    onTheDay?.read(wanted);
    // Each candidate's article opening too: an article's first passage has label `label - ordinal`.
    let terms = this.passageTerms.get(wanted);
    const firsts = new Set<number>();
    for (const [label, t] of terms) if (!terms.has(label - t.ordinal)) firsts.add(label - t.ordinal);
    if (firsts.size) terms = new Map([...terms, ...this.passageTerms.get(firsts)]);
    const termView = (label: number) => terms.get(label)?.view() ?? EMPTY_VIEW;
    const idfs = new Map<string, number>();
    const idf = (t: string) => {
      let v = idfs.get(t);
      if (v === undefined) idfs.set(t, (v = this.index.lexical.idf(t)));
      return v;
    };
    // The question as the plan read it (without links) says what kind of answer it wants.
    const wants = expectedAnswerType(plan.question, plan.language);
    // What a "what is X" or "where is X" question asks about: its concepts, less the framing ones
    // (يقع after أين, تعريف in "ما تعريف X").
    const subject =
      asksWhatIs(plan.question, plan.language) || wants === 'position'
        ? plan.concepts.filter((c) => c.weight >= 1 && !namesDefinition(c.label))
        : [];
    const counted = wants === 'number' ? this.countedStems(plan.question, plan) : undefined;
    const names = plan.concepts.filter((c) => c.name && !c.carried && !c.frame);
    const cover = coverageScorer(plan.concepts, idf);
    const asks = asksOf(plan.concepts);
    const coverAsked = asks.length ? coverageScorer(asks, idf) : undefined;
    /** How well one passage's (or opening's) own words cover the question. */
    /** A match in which the words of a day the question names count where the passage states that day. */
    const dated = (match: FormMatch, states: boolean): FormMatch =>
      onTheDay ? (form, name) => (onTheDay.forms.has(form) ? Number(states) : match(form, name)) : match;
    const coverView = (v: TermView, states = false) =>
      cover(
        dated((form, name) => v.match(form, name), states),
        (related) => v.hasAny(related),
      );
    // How well an article's opening covers the question, by its first passage's label: the same for
    // all its passages.
    const openings = new Map<number, number>();
    const openingOf = (first: number) => {
      let covered = openings.get(first);
      if (covered === undefined)
        openings.set(first, (covered = coverView(terms.get(first)?.lead() ?? EMPTY_VIEW)));
      return covered;
    };
    const scored: Candidate[] = [];
    const scoreOne = (f: Fused) => {
      const me = terms.get(f.label);
      if (!me) return;
      const own = termView(f.label);
      // A passage is read in its context: a name in the sentence before still counts, at half weight.
      const around = [f.label - 1, f.label + 1]
        .filter((l) => terms.get(l)?.articleId === me.articleId)
        .map(termView);
      const inContext = (form: readonly string[], name: boolean) => {
        let best = own.match(form, name);
        for (let i = 0; i < around.length; i++) best = Math.max(best, around[i]!.match(form, name));
        return best;
      };
      const relatedInContext = (related: ReadonlySet<string>) =>
        own.hasAny(related) || around.some((a) => a.hasAny(related));
      const ownDay = onTheDay?.states(f.label) ?? false;
      const dayInContext =
        ownDay ||
        (!!onTheDay &&
          [f.label - 1, f.label + 1].some(
            (l) => terms.get(l)?.articleId === me.articleId && onTheDay.states(l),
          ));
      if (!naming.every((c) => holdsName(c, inContext))) return;
      const first = f.label - me.ordinal;
      const firstPassage = termView(first);
      const named = names.every(
        (c) => holdsName(c, inContext) || holdsName(c, (form, name) => firstPassage.match(form, name)),
      );
      const coverage =
        CONTEXT_WEIGHT * cover(dated(inContext, dayInContext), relatedInContext) +
        (1 - CONTEXT_WEIGHT) * coverView(own, ownDay);
      scored.push({
        fused: f,
        articleId: me.articleId,
        terms: own.set,
        coverage,
        ...(coverAsked ? { asked: coverAsked(dated(inContext, dayInContext), relatedInContext) } : {}),
        score:
          f.score *
          (0.1 + coverage) ** 2 *
          informative(own.set.size) *
          (1 + LEAD_WEIGHT * openingOf(first)) *
          (1 + ARTICLE_WEIGHT * (articleShare.get(first) ?? 0)) *
          (wants && !this.holdsAnswer(own.stems, wants) ? MISSING_ANSWER_TYPE : 1) *
          (subject.length && defines(own, subject) ? 1 + DEFINITION_WEIGHT : 1) *
          (counted && named && this.counts(own.stems, counted) ? 1 + COUNT_WEIGHT : 1) *
          (named ? 1 : MISSING_NAME),
      });
    };
    for (const f of fused) scoreOne(f);
    scored.sort((a, b) => b.score - a.score);
    // The leading article's other passages are candidates too (see LEADING_ARTICLE_SHARE).
    const leading = scored[0];
    if (leading) {
      const added: Fused[] = [];
      for (const label of this.index.store.labelsOf(leading.articleId)) {
        if (seen.has(label)) continue;
        seen.add(label);
        added.push({
          label,
          score: leading.fused.score * LEADING_ARTICLE_SHARE,
          denseRank: null,
          bm25Rank: null,
        });
      }
      if (added.length) {
        const wantedToo = added
          .flatMap((f) => [f.label - 1, f.label, f.label + 1])
          .filter((l) => !terms.has(l));
        terms = new Map([...terms, ...this.passageTerms.get(wantedToo)]);
        onTheDay?.read([...added.map((f) => f.label), ...wantedToo]);
        for (const f of added) scoreOne(f);
        scored.sort((a, b) => b.score - a.score);
      }
    }
    const groups = collapseDuplicates(
      perArticleFirst(scored, {
        perArticle: PER_ARTICLE,
        labelOf: (c) => c.fused.label,
        joined: JOINED,
        scoreOf: (c) => c.score,
        beyond: BEYOND_PER_ARTICLE,
      }),
      k,
    );
    const rows = new Map(
      this.index.store
        .passages(groups.flatMap((g) => [g.best, ...g.alsoIn].map((c) => c.fused.label)))
        .map((r) => [r.label, r]),
    );
    const passages = groups.flatMap((g): RetrievedPassage[] => {
      const row = rows.get(g.best.fused.label);
      if (!row) return [];
      return [
        {
          row,
          score: g.best.score,
          coverage: g.best.coverage,
          ...(g.best.asked === undefined ? {} : { asked: g.best.asked }),
          denseRank: g.best.fused.denseRank,
          bm25Rank: g.best.fused.bm25Rank,
          alsoIn: g.alsoIn.flatMap((c) => rows.get(c.fused.label) ?? []),
        },
      ];
    });
    return { plan, passages };
  }

  /**
   * For a question that names a day ("What happened on January 4?", «يوم 3 كانون الثاني»): the forms
   * of its concepts that are that day's words ("January", "4"), and which passages state the day, in
   * their words or counted from their article's date («أمس، الثلاثاء» in a 5 January article). Those
   * words then count as held where a passage states the day and nowhere else: "4 صواريخ" in a passage
   * of 3 January is not the fourth. So with a day of the week, in a question that names no date
   * ("What happened on Monday?", «ماذا حدث يوم الاثنين؟»): "Monday" and «يوم» count where a passage
   * names Monday or a date that fell on it (see namesWeekday), not in «قبل يومين» or «مقتل اثنين».
   * Undefined for a question that names no day, most of them.
   */
  private dayReader(plan: QueryPlan): DayReader | undefined {
    const days = questionDays(plan.question);
    const weekdays = days.length ? [] : questionWeekdays(plan.question, plan.language).map((w) => w.weekday);
    if (!days.length && !weekdays.length) return undefined;
    const forms = dayForms(plan);
    if (!forms.size) return undefined;
    const states = days.length
      ? (row: PassageRow) => statesDay(days, row)
      : (row: PassageRow) => weekdays.some((w) => namesWeekday(w, row));
    const stated = new Map<number, boolean>();
    return {
      forms,
      read: (labels) => {
        const missing = [...labels].filter((l) => !stated.has(l));
        for (const l of missing) stated.set(l, false);
        for (const row of this.index.store.passages(missing)) stated.set(row.label, states(row));
      },
      states: (label) => stated.get(label) ?? false,
    };
  }

  /**
   * The stems of what a "how many" question counts (see countedWords): the word's own, the first
   * word of each form of the concept it belongs to ("rockets": صواريخ, قذائف), and its root's
   * terms. Arcd dev: hit@1 75.2 → 75.5, with all of ANT 66.3 → 66.5; the eastern-Syria set: facts
   * 71.0 → 74.2 («تسعة قتلى», «نحو 14 ألف مقاتل» now quoted); no other set moved on either index.
   */
  private countedStems(question: string, plan: QueryPlan): Set<string> | undefined {
    const stems = new Set<string>();
    for (const word of countedWords(question, plan.language)) {
      const own = plan.language === 'ar' ? this.analyzer.tokens(word) : [];
      for (const t of own) stems.add(t);
      const concept = plan.concepts.find(
        (c) =>
          !c.carried &&
          (tokenize(normalize(c.label)).includes(word) || c.forms.some((f) => own.includes(f[0] ?? ''))),
      );
      // A name's spellings count nothing ("عدد الولايات في الولايات المتحدة"). In English the words
      // before the counted noun say what it is too ("How many pro-regime fighters": موالين,
      // مقاتلين), and a number stands before either in Arabic («12 من المقاتلين الموالين»).
      if (!concept || concept.name) continue;
      for (const f of concept.forms) stems.add(f[0] ?? '');
      // The terms of its root too: «كم قتيلا» counts «تسعة قتلى», whose broken plural the stemmer
      // leaves apart (قتيل, قتل).
      for (const t of concept.related ?? []) stems.add(t);
    }
    stems.delete('');
    return stems.size ? stems : undefined;
  }

  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    const { passages } = await this.search(query);
    return passages.map(
      (p) =>
        new Document({
          pageContent: p.row.text,
          id: String(p.row.label),
          metadata: {
            articleId: p.row.articleId,
            start: p.row.start,
            end: p.row.end,
            title: p.row.title,
            source: p.row.source,
            published: p.row.published,
            publishedPrecision: p.row.publishedPrecision,
            url: p.row.url,
            score: p.score,
            coverage: p.coverage,
            alsoIn: p.alsoIn.map((d) => d.articleId),
          },
        }),
    );
  }
}

export interface Fused {
  label: number;
  score: number;
  denseRank: number | null;
  bm25Rank: number | null;
}

/**
 * A passage's stored terms, as a set and as its stems in reading order, so that a name of several
 * words can be required to stand together.
 */
export class TermView {
  readonly set: Set<string>;
  readonly stems: string[];

  /** `limit`: keep only the first stems (and no surface forms), as for an article's opening. */
  constructor(terms: string, limit?: number) {
    const all = terms ? terms.split(' ').filter(Boolean) : [];
    this.stems = stemsOf(all, limit);
    this.set = new Set(limit === undefined ? all : this.stems);
  }

  /**
   * How many of the passage's first words are the concepts, each by one of its forms, in any
   * order, and nothing else; 0 when they do not open it. "السرطان هو نمو الخلايا…" opens with
   * السرطان (1), "يستطيع السرطان أن…" does not.
   */
  opening(concepts: readonly Concept[]): number {
    // Longest forms first: "قاعدة التنف" before "التنف".
    const forms = concepts
      .flatMap((c) => c.forms.filter((form) => form.length > 0).map((form) => ({ c, form })))
      .sort((a, b) => b.form.length - a.form.length);
    const left = new Set(concepts);
    let at = 0;
    while (left.size) {
      const next = forms.find(({ c, form }) => {
        if (!left.has(c)) return false;
        const here = new Set(this.stems.slice(at, at + form.length));
        return form.every((t) => here.has(t));
      });
      if (!next) return 0;
      left.delete(next.c);
      at += next.form.length;
    }
    return at;
  }

  /** True when the passage holds any of `terms`. */
  hasAny(terms: ReadonlySet<string>): boolean {
    const [few, many] = terms.size < this.set.size ? [terms, this.set] : [this.set, terms];
    for (const t of few) if (many.has(t)) return true;
    return false;
  }

  /**
   * How well the passage holds one form of a concept, 0..1: the share of its words present. A
   * name of several words counts in full only as a unit, its words within NAME_SLACK of each other
   * in any order ("حقل العمر النفطي", "القرية الخضراء"); scattered or partial, it counts for
   * PARTIAL_NAME of that share, because the words a name shares with others (حقل, قاعدة, قرية) say
   * little about which one is meant.
   */
  match(form: readonly string[], name = false): number {
    if (form.length === 1) return this.set.has(form[0]!) ? 1 : 0;
    // Every candidate passage and its neighbours are matched against every form of every concept:
    // this allocates nothing.
    let present = 0;
    for (let k = 0; k < form.length; k++) if (this.set.has(form[k]!)) present++;
    if (!name) return present / form.length;
    if (present < form.length) return (PARTIAL_NAME * present) / form.length;
    // Each of the form's words within `span` stems of a start that is one of them.
    let distinct = 0;
    for (let k = 0; k < form.length; k++) if (form.indexOf(form[k]!) === k) distinct++;
    const span = distinct + NAME_SLACK;
    const stems = this.stems;
    for (let i = 0; i < stems.length; i++) {
      if (!form.includes(stems[i]!)) continue;
      const end = Math.min(stems.length, i + span);
      let k = 0;
      while (k < form.length && holdsBetween(stems, form[k]!, i, end)) k++;
      if (k === form.length) return 1;
    }
    return PARTIAL_NAME;
  }
}

/** Whether `t` is one of `stems[from..to)`. */
function holdsBetween(stems: readonly string[], t: string, from: number, to: number): boolean {
  for (let j = from; j < to; j++) if (stems[j] === t) return true;
  return false;
}

const EMPTY_VIEW = new TermView('');

/** An article's opening: the first LEAD_TERMS content words of its first passage's stored terms. */
export function leadTerms(terms: string): TermView {
  return new TermView(terms, LEAD_TERMS);
}

/**
 * A passage defines the subject when it opens with it and goes on to say something about it: a
 * headline that is only the name ("قاعدة القرية الخضراء") does not.
 */
export function defines(passage: TermView, subject: readonly Concept[]): boolean {
  const opening = passage.opening(subject);
  return opening > 0 && passage.stems.length >= opening + DEFINITION_WORDS;
}

/**
 * A headline or caption of a few words names a topic but rarely answers anything: such passages
 * are ranked a little lower than full sentences that match as well.
 */
export function informative(terms: number): number {
  return Math.min(1, terms / SHORT_PASSAGE_TERMS) ** 0.5;
}

/** Reciprocal rank fusion of the two ranked lists, the dense one at DENSE_WEIGHT. */
export function fuse(dense: Hit[], bm25: Hit[]): Fused[] {
  const out = new Map<number, Fused>();
  const get = (label: number) => {
    let f = out.get(label);
    if (!f) out.set(label, (f = { label, score: 0, denseRank: null, bm25Rank: null }));
    return f;
  };
  dense.forEach((h, i) => {
    const f = get(h.label);
    f.denseRank = i + 1;
    f.score += DENSE_WEIGHT / (RRF_K + i + 1);
  });
  bm25.forEach((h, i) => {
    const f = get(h.label);
    f.bm25Rank = i + 1;
    f.score += 1 / (RRF_K + i + 1);
  });
  return [...out.values()].sort((a, b) => b.score - a.score);
}

/**
 * How much more a name's words weigh, in a search for passages that name it (SearchOptions.naming),
 * than the question's other words, so that the passages BM25 brings are those that name it: only
 * they are kept, and on a large index common question words would otherwise fill the candidates.
 * Not tuned: the one question it serves on the seed sets finds its passage first at 1 and at 3.
 */
const NAMING_WEIGHT = 3;

/** Every word of every spelling of the names, once each, at NAMING_WEIGHT. */
function namingTerms(names: readonly Concept[]): WeightedTerm[] {
  const stems = new Set(names.flatMap((c) => c.forms.flat()));
  return [...stems].map((term) => ({ term, weight: NAMING_WEIGHT }));
}

/** Which passages state a day the question names, and the forms of that day's words (see dayReader). */
interface DayReader {
  forms: ReadonlySet<readonly string[]>;
  /** Reads the passages of these labels, once each. */
  read(labels: Iterable<number>): void;
  states(label: number): boolean;
}

/** The forms of the concepts that are words of the days the question names ("January", "4"). */
function dayForms(plan: QueryPlan): Set<readonly string[]> {
  const dayWord = dayWordOf(plan);
  return new Set(plan.concepts.filter((c) => !c.name && !c.carried && dayWord(c)).flatMap((c) => c.forms));
}

/** How well a passage holds one form of a concept, 0..1 (see TermView.match). */
export type FormMatch = (form: readonly string[], name: boolean) => number;

/** Whether a passage holds one of the name's spellings whole, its words together. */
export function holdsName(c: Concept, match: FormMatch): boolean {
  const holds = (form: readonly string[]) => form.length > 0 && match(form, true) === 1;
  return c.forms.some(holds) || (c.also?.some(holds) ?? false);
}
/** Whether a passage holds any of a concept's related terms (see TermView.hasAny). */
export type RelatedMatch = (related: ReadonlySet<string>) => boolean;

/**
 * Idf-weighted share of the concepts present; a concept counts by its best-covered form, or for
 * ROOT_SHARE by one of its related terms, and weighs its weight times the best mean idf of its
 * forms.
 */
export function coverageOf(
  concepts: readonly Concept[],
  match: FormMatch,
  idf: (t: string) => number,
  related?: RelatedMatch,
): number {
  return coverageScorer(concepts, idf)(match, related);
}

/** `coverageOf` for one question's concepts, their weights worked out once for every passage. */
export function coverageScorer(
  concepts: readonly Concept[],
  idf: (t: string) => number,
): (match: FormMatch, related?: RelatedMatch) => number {
  const weighted = concepts.map((c) => {
    const forms = c.forms.filter((form) => form.length > 0);
    let weight = 0;
    for (const form of forms) weight = Math.max(weight, form.reduce((s, t) => s + idf(t), 0) / form.length);
    if (c.also) forms.push(...c.also);
    return { forms, related: c.related, name: c.name ?? false, weight: c.weight * weight };
  });
  let total = 0;
  for (const w of weighted) total += w.weight;
  return (match, holdsRelated) => {
    if (!(total > 0)) return 0;
    let got = 0;
    for (const { forms, related, name, weight } of weighted) {
      let best = 0;
      for (const form of forms) best = Math.max(best, match(form, name));
      if (best < ROOT_SHARE && related && holdsRelated?.(related)) best = ROOT_SHARE;
      got += weight * best;
    }
    return got / total;
  };
}

/**
 * Passages' stored terms and their views. An index of at most `max` passages keeps them all once
 * read: a generation never changes them, and the questions people ask return to the same passages
 * (on the seed index, 88 passages, to every one); a larger one reads them for each question, as a
 * cache that evicts there holds few that recur and its turnover raised the serving process's peak
 * RSS by a hundred MiB on all of ANT.
 */
export class PassageTerms {
  private readonly cache = new Map<number, PassageTermsEntry | null>();
  private readonly keep: boolean;

  constructor(
    private readonly store: Pick<IncidentIndex['store'], 'termsOf' | 'counts'>,
    max: number,
  ) {
    this.keep = store.counts().passages <= max;
  }

  /** The entries of the labels that exist. */
  get(labels: Iterable<number>): Map<number, PassageTermsEntry> {
    const out = new Map<number, PassageTermsEntry>();
    const missing: number[] = [];
    for (const label of labels) {
      const entry = this.cache.get(label);
      if (entry === undefined) missing.push(label);
      else if (entry) out.set(label, entry);
    }
    if (!missing.length) return out;
    const found = this.store.termsOf(missing);
    for (const label of missing) {
      const t = found.get(label);
      const entry = t ? new PassageTermsEntry(t) : null;
      if (this.keep) this.cache.set(label, entry);
      if (entry) out.set(label, entry);
    }
    return out;
  }
}

/**
 * A passage's stored terms, with its analysed views made when first needed. A class, not an
 * object of closures: those made the serving process's peak RSS 60 MiB larger.
 */
export class PassageTermsEntry {
  readonly articleId: string;
  readonly ordinal: number;
  readonly terms: string;
  private viewMade?: TermView;
  private leadMade?: TermView;

  constructor(t: { articleId: string; ordinal: number; terms: string }) {
    this.articleId = t.articleId;
    this.ordinal = t.ordinal;
    this.terms = t.terms;
  }

  view(): TermView {
    return (this.viewMade ??= new TermView(this.terms));
  }

  /** The article opening the passage starts (for an article's first passage). */
  lead(): TermView {
    return (this.leadMade ??= leadTerms(this.terms));
  }
}

/** A fused candidate with what ranking and de-duplication need. */
export interface Candidate {
  fused: Fused;
  articleId: string;
  terms: Set<string>;
  coverage: number;
  /** See RetrievedPassage.asked. */
  asked?: number;
  score: number;
}

export interface PerArticleOptions<C> {
  /** The passages of one article that lead. */
  perArticle: number;
  /**
   * With `labelOf`, a passage next to one of its article's leading ones (labels one apart) leads
   * too, as long as that span has fewer than `joined` passages: it will be quoted with it.
   */
  labelOf?: (c: C) => number;
  joined?: number;
  /**
   * With `scoreOf`, the others rank among the leading ones by `beyond` times their score;
   * without, they follow every article's leading ones.
   */
  scoreOf?: (c: C) => number;
  beyond?: number;
}

/**
 * `ranked` (best first) reordered so that an article's passages past its first `perArticle` rank
 * lower (see PerArticleOptions); otherwise in the same order.
 */
export function perArticleFirst<C extends { articleId: string }>(
  ranked: readonly C[],
  { perArticle, labelOf, joined = 1, scoreOf, beyond = 0 }: PerArticleOptions<C>,
): C[] {
  const seen = new Map<string, number>();
  const runs = new Map<string, number[][]>();
  const first: C[] = [];
  const rest: C[] = [];
  for (const c of ranked) {
    const n = seen.get(c.articleId) ?? 0;
    const label = labelOf?.(c);
    const mine = runs.get(c.articleId) ?? [];
    const run =
      label === undefined
        ? undefined
        : mine.find((r) => r.length < joined && r.some((l) => Math.abs(l - label) === 1));
    if (n < perArticle || run) {
      first.push(c);
      if (n < perArticle) seen.set(c.articleId, n + 1);
      if (label !== undefined) {
        if (run) run.push(label);
        else runs.set(c.articleId, [...mine, [label]]);
      }
    } else rest.push(c);
  }
  if (!scoreOf || beyond <= 0) return [...first, ...rest];
  // Both lists are best first; merged by the share of score the rest keep, the leading first on ties.
  const out: C[] = [];
  let i = 0;
  for (const c of first) {
    const score = scoreOf(c);
    while (i < rest.length && beyond * scoreOf(rest[i]!) > score) out.push(rest[i++]!);
    out.push(c);
  }
  return out.concat(rest.slice(i));
}

/**
 * The `k` best groups of near-identical passages (Jaccard similarity of their analysed terms),
 * each led by its best-ranked passage; copies in other articles are listed under it as
 * corroboration, copies in the same article dropped. `ranked` must be best first.
 */
export function collapseDuplicates<C extends { articleId: string; terms: Set<string> }>(
  ranked: readonly C[],
  k: number,
): { best: C; alsoIn: C[] }[] {
  const kept: { best: C; alsoIn: C[] }[] = [];
  for (const c of ranked) {
    const dup = kept.find((g) => nearIdentical(g.best.terms, c.terms));
    if (!dup) {
      // Past the k-th group only copies of kept passages are still of interest.
      if (kept.length < k) kept.push({ best: c, alsoIn: [] });
    } else if (dup.best.articleId !== c.articleId && !dup.alsoIn.some((d) => d.articleId === c.articleId)) {
      dup.alsoIn.push(c);
    }
  }
  return kept;
}

/** Jaccard similarity of the two sets at least DUPLICATE_JACCARD. */
export function nearIdentical(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (!a.size || !b.size) return false;
  // It is at most the smaller size over the larger: most pairs are ruled out without a look inside.
  if (Math.min(a.size, b.size) < DUPLICATE_JACCARD * Math.max(a.size, b.size)) return false;
  // Jaccard ≥ J takes a shared count of at least J(|a| + |b|) / (1 + J): stop once the terms left in
  // the smaller set cannot reach it, as they soon cannot for the many pairs that are not copies.
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  const needed = (DUPLICATE_JACCARD * (a.size + b.size)) / (1 + DUPLICATE_JACCARD) - 1e-9;
  let inter = 0;
  let seen = 0;
  for (const t of small) {
    seen++;
    if (large.has(t)) inter++;
    else if (inter + small.size - seen < needed) return false;
  }
  return inter / (a.size + b.size - inter) >= DUPLICATE_JACCARD;
}
