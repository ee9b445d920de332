// Stopwords, stored in their `normalize`d form so they compare directly against tokens.
// Question words are included because questions are queries. Content verbs and nouns that news
// questions hinge on (قال, قتل, killed, base, rocket) are deliberately absent, and so are words whose
// normalized form is also a content word: أمام/إمام, خلف (a name), "may" (the month), "us" (the US).
// اللتي and اللذي are the common misspellings of التي and الذي ("ما اسم المجلة اللتى نشرت").
// People also ask in their own Arabic: the question words and relatives of Levantine, Gulf, Iraqi
// and Egyptian speech (شو, ايش, وين, مين, ليش, قديش, إمتى, اللي) frame a question as ما, أين, من,
// لماذا, كم, متى and الذي do, and no article answers with them; «هالشي» (this thing) stands for
// what the question before named, as ذلك does, and «كمان» (also) is أيضا: «ومين كمان؟» had
// abstained on it.
import { normalize } from './normalize.js';

const ARABIC = `
في من على إلى عن مع عند لدى منذ حتى خلال بين حول ضد دون نحو عبر تحت فوق وراء
ب ل ك و ف ال أ
أن إن أنّ إنّ لأن لان بأن وأن وإن فإن كأن لكن ولكن لكنه بل ثم أو أم إما إذا إذ إذن لو لولا كي لكي حيث
كما بينما عندما كلما مما ممن عما فيما بما لما كلا
قد لقد وقد فقد لم لن لا ما ليس ليست غير سوى إلا ألا
هل كم متى أين ماذا لماذا كيف أي أية أيها وما ومن وهل وكم ومتى وأين وماذا ولماذا وكيف
ماهو ماهي ماهى بماذا لمن ممن مالذي ماالذي فماذا
تم يتم تمت
هو هي هم هن هما أنا نحن أنت أنتم أنتن انت وهو وهي وهم فهو فهي
ه ها هم هما كم نا ي
هذا هذه هذان هاتان هؤلاء ذلك ذلكم تلك أولئك هنا هناك هنالك وهذا وهذه وذلك وتلك
الذي التي الذين اللذين اللتين اللتان اللذان اللاتي اللواتي والذي والتي والذين
اللتي اللذي
شو وشو ايش إيش وش شنو شنهو ليش وليش ليه وين ووين لوين منين فين مين ومين قديش أديش اديش كام شقد
امتى إمتى ايمتى إيمتى أمتى ازاي إزاي كيفاش اللي إللي يلي هاد هاي هيك هيدا هيدي عشان علشان مشان
هالشي هالشيء هالشغلة كمان وكمان
كان كانت كانوا يكون تكون يكونوا وكان وكانت أصبح أصبحت أضحى ظل ظلت بات مازال ما زال لايزال لا يزال
به بها بهم بهما له لها لهم لهما لنا لي لك فيه فيها فيهم منه منها منهم عنه عنها عنهم عليه عليها عليهم
إليه إليها إليهم معه معها معهم بعده قبله أنه أنها أنهم إنه إنها إنهم
بعد قبل وبعد وقبل كل بعض جميع ذات ذاته
أيضا فقط جدا كذلك هكذا ثمة
وفي ومن وعلى وإلى وعن ومع وبين وحول وخلال ففي فمن
`;

const ENGLISH = `
a an the and or but if then else so than too very
of in on at to from by for with about against between into through during before after above below
up down out off over under again further once
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
she her hers herself it its itself they them their theirs themselves
what which who whom whose when where why how
this that these those am is are was were be been being have has had having do does did doing
will would shall should can could might must
no nor not only own same such both each few more most other some any all
here there just now also s t d ll m o re ve y don doesn didn isn aren wasn weren hasn haven hadn
won wouldn shouldn couldn mustn
as until while because
`;

function wordSet(list: string): ReadonlySet<string> {
  return new Set(
    list
      .split(/\s+/)
      .filter(Boolean)
      .map((w) => normalize(w)),
  );
}

export const arabicStopwords: ReadonlySet<string> = wordSet(ARABIC);
export const englishStopwords: ReadonlySet<string> = wordSet(ENGLISH);

/** True for a normalized token in either list. */
export function isStopword(token: string): boolean {
  return arabicStopwords.has(token) || englishStopwords.has(token);
}
