import type {
  Answer,
  AnswerOptions,
  ArticleSummary,
  Citation,
  CorpusInfo,
  QA,
} from '../../src/answer/types.js';
import type { Language } from '../../src/corpus/types.js';

/**
 * A stand-in for the question-answering core: verbatim passages of the seed articles, Arabic and
 * English answers, an abstention, a long answer ("long"), and a failure ("boom").
 */

export const ARTICLES: ArticleSummary[] = [
  {
    id: '000_491cdc483407fe0a',
    title: null,
    source: 'عنب بلدي (Enab Baladi)',
    published: '2022-01-05',
    publishedPrecision: 'day',
    url: null,
  },
  {
    id: '001_ac5e62f6193e386d',
    title: 'استهداف قاعدة التحالف بحقل العمر بالصواريخ دون وقوع ضحايا',
    source: null,
    published: '2022-01',
    publishedPrecision: 'month',
    url: null,
  },
  {
    id: '002_0aeae3b849c18532',
    title: 'قصف متبادل بين الميليشيات الإيرانية والقوات الأمريكية شرقي دير الزور',
    source: null,
    published: '2022-01',
    publishedPrecision: 'month',
    url: null,
  },
  {
    id: '003_827349901dd84165',
    title: null,
    source: 'SY24',
    published: null,
    publishedPrecision: 'unknown',
    url: null,
  },
  {
    id: '004_13ee92c3984e32c2',
    title: null,
    source: '963+',
    published: null,
    publishedPrecision: 'unknown',
    url: null,
  },
];

export const PASSAGES = {
  mayadin:
    'وأفادت شبكة “دير الزور 24” بسقوط قتلى وجرحى في صفوف عناصر ميليشيا “الحرس الثوري الإيراني” جراء غارات جوية للتحالف الدولي استهدفت مستودعًا للأسلحة بالقرب من قلعة الرحبة في مدينة الميادين شرقي دير الزور.',
  omar: 'استهدفت ثمانية صواريخ محيط قاعدة التحالف الدولي المتواجدة بحقل العمر النفطي صباح اليوم، وفق مصادر من التحالف لشبكة دير الزور24 المحلية.',
  omarSy24:
    'تعرضت قواعد عسكرية تابعة لقوات التحالف الدولي بقيادة الولايات المتحدة الامريكية في حقل العمر النفطي وحقل كونيكو للغاز بريف ديرالزور الشرقي “جزيرة”، تعرضت لهجوم صاروخي مباشر من قبل الميليشيات الإيرانية المنتشرة على الضفة المقابلة لنهر الفرات، ما تسبب بوقوع 3 إصابات بين جنود قوات البحرية الأمريكية، وصفت بـ”الخفيفة”.',
  drone:
    'وأفاد مصدر عسكري مقرب من القوات الحكومية لموقع “963+”، إن طيراناً مسيّراً مجهولاً استهدف مقراً “للواء فاطميون” الأفغاني، بأطراف بادية الميادين بريف دير الزور الشرقي.',
} as const;

function article(i: number): ArticleSummary {
  const a = ARTICLES[i];
  if (!a) throw new Error(`no article ${i}`);
  return a;
}

function cite(n: number, a: ArticleSummary, text: string, start: number, score: number): Citation {
  return {
    n,
    articleId: a.id,
    title: a.title,
    source: a.source,
    published: a.published,
    publishedPrecision: a.publishedPrecision,
    url: a.url,
    text,
    start,
    end: start + text.length,
    score,
    alsoIn: [],
  };
}

const isArabic = (s: string) =>
  (s.match(/[\u0600-\u06FF]/g) ?? []).length > (s.match(/[A-Za-z]/g) ?? []).length;

export interface FakeQAOptions {
  delayMs?: number;
  /** Passage text override (e.g. with markup characters) for the Mayadin topic. */
  mayadinPassage?: string;
}

export interface FakeQA extends QA {
  calls: string[];
  /** The `previous` question each call was asked with (a follow-up), in call order. */
  previous: (string | undefined)[];
  /** The asker's language each call was given (AnswerOptions.language), in call order. */
  languages: (Language | undefined)[];
  closed: boolean;
}

export function createFakeQA(opts: FakeQAOptions = {}): FakeQA {
  const calls: string[] = [];
  const previous: (string | undefined)[] = [];
  const languages: (Language | undefined)[] = [];
  const qa: FakeQA = {
    calls,
    previous,
    languages,
    closed: false,
    async answer(question: string, asked: AnswerOptions = {}): Promise<Answer> {
      calls.push(question);
      previous.push(asked.previous);
      languages.push(asked.language);
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      if (question.includes('boom')) throw new Error('index exploded');
      // Without letters ("2022?"), the asker's language, as with the real core.
      const ar = isArabic(question) || (!/\p{L}/u.test(question) && asked.language === 'ar');
      // A follow-up is about what it follows, as with the real core.
      const q = `${question} ${asked.previous ?? ''}`.toLowerCase();
      const base = {
        question,
        ...(asked.previous ? { follows: asked.previous } : {}),
        language: ar ? ('ar' as const) : ('en' as const),
        embedderId: 'lexical-384',
        indexVersion: 'v-test-1',
        latencyMs: 4,
      };
      let citations: Citation[];
      let text: string;
      if (/mayadin|rahba|الميادين|الرحبة/.test(q)) {
        citations = [cite(1, article(0), opts.mayadinPassage ?? PASSAGES.mayadin, 220, 0.82)];
        text = ar
          ? `سؤالك: «${question}». استهدفت غارات التحالف مستودعًا للأسلحة قرب قلعة الرحبة في الميادين [1].`
          : `You asked: “${question}”. Coalition air strikes hit a weapons depot near al-Rahba castle in al-Mayadin: «استهدفت مستودعًا للأسلحة» [1].`;
      } else if (/omar|العمر/.test(q)) {
        const c1 = cite(1, article(1), PASSAGES.omar, 60, 0.91);
        const c2 = cite(2, article(3), PASSAGES.omarSy24, 0, 0.74);
        c1.alsoIn = [
          {
            articleId: article(2).id,
            source: article(2).source,
            published: article(2).published,
            publishedPrecision: article(2).publishedPrecision,
            url: null,
            text: PASSAGES.omar,
            start: 0,
            end: PASSAGES.omar.length,
          },
        ];
        citations = [c1, c2];
        text = ar
          ? `سؤالك: «${question}». استهدفت ثمانية صواريخ محيط قاعدة التحالف في حقل العمر [1]، وأصيب 3 جنود أمريكيين في هجوم آخر [2].`
          : `You asked: “${question}”. Eight rockets targeted the coalition base at the al-Omar oil field [1]; another attack injured 3 US service members [2].`;
      } else if (/drone|مسير|فاطميون/.test(q)) {
        citations = [cite(1, article(4), PASSAGES.drone, 120, 0.66)];
        text = ar
          ? `سؤالك: «${question}». استهدف طيران مسيّر مجهول مقراً للواء فاطميون [1].`
          : `You asked: “${question}”. An unidentified drone struck a Fatemiyoun brigade post near al-Mayadin [1].`;
      } else if (/long|طويل/.test(q)) {
        citations = [cite(1, article(0), PASSAGES.mayadin, 220, 0.8)];
        const para = ar
          ? `هذه فقرة طويلة من الإجابة تتكرر لاختبار التقسيم. ${PASSAGES.mayadin} [1]`
          : `This is a long paragraph of the answer, repeated to test splitting. It quotes «${PASSAGES.mayadin}» [1].`;
        text = `You asked: “${question}”.\n\n` + Array.from({ length: 30 }, () => para).join('\n\n');
      } else {
        return {
          ...base,
          abstained: true,
          text: ar
            ? 'لا تغطي المقالات المتوفرة هذا السؤال، لذلك لا أستطيع الإجابة عنه.'
            : 'The articles I have do not cover this question, so I cannot answer it.',
          citations: [],
          topScore: 0.08,
        };
      }
      return { ...base, abstained: false, text, citations, topScore: citations[0]?.score ?? 0 };
    },
    info(): CorpusInfo {
      return {
        articles: ARTICLES.length,
        passages: 42,
        earliest: '2022-01',
        latest: '2022-01-05',
        embedderId: 'lexical-384',
        indexVersion: 'v-test-1',
        builtAt: '2024-05-01T10:00:00.000Z',
      };
    },
    listArticles(limit?: number): ArticleSummary[] {
      return ARTICLES.slice(0, limit ?? ARTICLES.length);
    },
    async close() {
      qa.closed = true;
    },
  };
  return qa;
}
