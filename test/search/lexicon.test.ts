import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Lexicon, loadLexicon, parseLexicon, type LexiconEntry } from '../../src/search/lexicon.js';
import { createAnalyzer, normalize } from '../../src/text/index.js';
import { tmpDir } from '../helpers/tmp.js';

const LEXICON_FILE = fileURLToPath(new URL('../../data/lexicon.json', import.meta.url));
const SEEDS_DIR = fileURLToPath(new URL('../../../shared/seeds/', import.meta.url));

const lex = loadLexicon(LEXICON_FILE);

function tmpFile(content: string): string {
  const dir = tmpDir('iqa-lexicon-');
  const file = path.join(dir, 'lexicon.json');
  fs.writeFileSync(file, content);
  return file;
}

const entry = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'place',
  en: [id],
  ar: ['حقل'],
  ...extra,
});

/** The ids matched in an English text, in order. */
const enIds = (text: string) => lex.matchEnglish(text).map((m) => m.entry.id);

describe('loadLexicon / parseLexicon errors', () => {
  it('reports invalid JSON with the file name', () => {
    const file = tmpFile('{ "version": 1, "entries": [ }');
    assert.throws(
      () => loadLexicon(file),
      (err: Error) => {
        assert.ok(err.message.startsWith(`${file}: invalid JSON`), err.message);
        return true;
      },
    );
  });

  it('reports a missing file with its path', () => {
    const file = path.join(os.tmpdir(), 'iqa-no-such-dir', 'lexicon.json');
    assert.throws(
      () => loadLexicon(file),
      (err: Error) => err.message.startsWith(`${file}: cannot read the lexicon (ENOENT`),
    );
  });

  it('names the file, entry index, id and field of an empty ar list', () => {
    const entries = Array.from({ length: 12 }, (_, i) => entry(`e${i}`));
    entries.push(entry('tanf', { ar: [] }));
    assert.throws(() => parseLexicon({ version: 1, entries }, 'data/lexicon.json'), {
      message: 'data/lexicon.json: entries[12] (id "tanf"): ar must have at least 1 item',
    });
  });

  it('names a missing field, read from a file', () => {
    const { ar: _ar, ...noAr } = entry('green-village');
    const file = tmpFile(JSON.stringify({ version: 1, entries: [entry('a'), noAr] }));
    assert.throws(() => loadLexicon(file), {
      message: `${file}: entries[1] (id "green-village"): ar is required`,
    });
  });

  it('rejects duplicate ids, naming both entries', () => {
    assert.throws(
      () => parseLexicon({ version: 1, entries: [entry('a'), entry('b'), entry('a')] }, 'x.json'),
      {
        message: 'x.json: entries[2] (id "a"): id duplicates entries[0]',
      },
    );
  });

  it('rejects a bad type, an empty form, a form without letters and unknown fields', () => {
    const cases: [Record<string, unknown>, string][] = [
      [entry('a', { type: 'city' }), 'entries[0] (id "a"): type must be one of'],
      [entry('a', { en: ['ok', '  '] }), 'entries[0] (id "a"): en[1] must not be empty'],
      [entry('a', { ar: ['—'] }), 'entries[0] (id "a"): ar[0] has no letters or digits'],
      [entry('a', { alsoAr: ['—'] }), 'entries[0] (id "a"): alsoAr[0] has no letters or digits'],
      [entry('a', { alsoAr: [] }), 'entries[0] (id "a"): alsoAr must have at least 1 item'],
      [entry('a', { arr: ['x'] }), 'entries[0] (id "a"): entry unknown field(s) arr'],
      [entry('a', { outlet: 'yes' }), 'entries[0] (id "a"): outlet must be true or false'],
      [entry('Bad Id'), 'entries[0] (id "Bad Id"): id must be lowercase'],
      [{ type: 'place', en: ['x'], ar: ['y'] }, 'entries[0]: id is required'],
    ];
    for (const [bad, expected] of cases) {
      assert.throws(
        () => parseLexicon({ version: 1, entries: [bad] }, 'f.json'),
        (err: Error) => err.message.startsWith(`f.json: ${expected}`),
        expected,
      );
    }
  });

  it('rejects a wrong version or missing entries, and lists every error at once', () => {
    assert.throws(() => parseLexicon({ version: 2, entries: [] }, 'f.json'), {
      message: 'f.json: version must be 1',
    });
    assert.throws(() => parseLexicon({ version: 1 }, 'f.json'), { message: 'f.json: entries is required' });
    assert.throws(
      () => parseLexicon({ version: 1, entries: [entry('a', { en: [] }), entry('b', { ar: [] })] }, 'f.json'),
      (err: Error) => err.message.split('\n').length === 2,
    );
  });

  it('accepts within naming another entry, and rejects one naming no entry or itself', () => {
    const lexicon = parseLexicon(
      { version: 1, entries: [entry('a'), entry('b', { within: ['a'] })] },
      'f.json',
    );
    assert.deepEqual(lexicon.byId('b')?.within, ['a']);
    assert.throws(
      () =>
        parseLexicon(
          { version: 1, entries: [entry('a', { within: ['nope'] }), entry('b', { within: ['b'] })] },
          'f.json',
        ),
      {
        message:
          'f.json: entries[0] (id "a"): within[0] "nope" is not another entry\'s id\n' +
          'f.json: entries[1] (id "b"): within[0] "b" is not another entry\'s id',
      },
    );
  });

  it('also rejects duplicate ids when the class is built directly', () => {
    const e = entry('a') as unknown as LexiconEntry;
    assert.throws(() => new Lexicon([e, e]), /duplicate id "a"/);
  });
});

describe('data/lexicon.json', () => {
  it('has a few hundred entries of every type', () => {
    assert.ok(lex.entries.length >= 250 && lex.entries.length <= 1000, String(lex.entries.length));
    const types = new Set(lex.entries.map((e) => e.type));
    assert.deepEqual([...types].sort(), ['group', 'institution', 'person', 'place', 'term', 'time']);
  });

  it("gives no person a form that is analysed as another entry's", () => {
    // «البغدادي» alone was stemmed as بغداد: every passage naming Baghdad named Abu Bakr al-Baghdadi,
    // and "When was Abu Bakr al-Baghdadi killed?" was answered from the airport attack's.
    const analyzer = createAnalyzer();
    const stems = (form: string) => analyzer.tokens(form).join(' ');
    const owners = new Map<string, Set<string>>();
    for (const e of lex.entries)
      for (const form of e.ar) owners.set(stems(form), (owners.get(stems(form)) ?? new Set()).add(e.id));
    for (const e of lex.entries.filter((x) => x.type === 'person'))
      for (const form of e.ar) assert.deepEqual([...owners.get(stems(form))!], [e.id], `${e.id}: ${form}`);
  });

  it('names what is named, and calls a kind of group a term', () => {
    // An answer must find a name in a cited passage; "rebel faction" describes مغاوير الثورة.
    const type = (id: string) => lex.byId(id)?.type;
    for (const id of [
      'militia',
      'faction',
      'armed-group',
      'gunmen',
      'syrian-opposition',
      'partner-forces',
      'tribes',
      // "ايش القاعده الامريكيه بريف الحسكه" asks which base; the article says "قاعدتي … الشدادي".
      'us-base',
    ])
      assert.equal(type(id), 'term', id);
    for (const id of ['sdf', 'maghawir-al-thawra', 'fatemiyoun', 'iran-backed-militias', 'hezbollah'])
      assert.equal(type(id), 'group', id);
  });

  it('every English form matches its own entry, whole (no form is shared or shadowed)', () => {
    const bad: string[] = [];
    for (const e of lex.entries) {
      for (const f of e.en) {
        const m = lex.matchEnglish(f);
        const first = m[0];
        const whole =
          first && m.length === 1 && first.start === 0 && f.slice(first.end).trim().replace(/\W/g, '') === '';
        if (!whole || first.entry !== e) bad.push(`${e.id}: "${f}" → ${m.map((x) => x.entry.id).join(',')}`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it("an English word Arabic says two ways looks for both: 'fighter' for مقاتل and عنصر", () => {
    const fighters = lex.byId('fighters')!;
    const searched = lex.searchedForms(fighters);
    assert.deepEqual(searched.slice(0, fighters.ar.length), fighters.ar);
    assert.ok(searched.includes('عنصر') && searched.includes('عناصر'));
    // Glossing is unchanged: عنصر is still a member, not a fighter.
    assert.deepEqual(
      lex.findArabic('قتل عنصر من فصيل').map((m) => m.entry.id),
      ['killed', 'members', 'faction'],
    );
    assert.equal(lex.searchedForms(lex.byId('members')!), lex.byId('members')!.ar);
  });

  it('every Arabic form finds its own entry (no form is shared or shadowed)', () => {
    const bad: string[] = [];
    for (const e of lex.entries) {
      for (const f of e.ar) {
        const m = lex.findArabic(f);
        if (m.length !== 1 || m[0]?.entry !== e)
          bad.push(`${e.id}: "${f}" → ${m.map((x) => x.entry.id).join(',')}`);
      }
    }
    assert.deepEqual(bad, []);
  });
});

describe('matchEnglish', () => {
  const families: [string, string[]][] = [
    [
      'omar-oil-field',
      ['Al-Omar oil field', 'Omar oil field', 'al-Omar field', 'the Omar oilfield', 'al Omar'],
    ],
    ['conoco-gas-field', ['Conoco gas field', 'Conoco field', 'Conoco']],
    ['green-village', ['Green Village', 'green village base']],
    ['tanf', ['Al-Tanf', 'Tanf', 'al-Tanf base']],
    ['tanf-55km-zone', ['55 km zone', '55-km zone', '55-kilometer zone']],
    // Names of the 2018 articles on eastern Syria: officials and villages by the Euphrates.
    ['mattis', ['Mattis', 'James Mattis', 'Defense Secretary Mattis']],
    ['sean-ryan', ['Sean Ryan', 'Col. Sean Ryan']],
    ['ryan-dillon', ['Ryan Dillon', 'Dillon']],
    ['parisot', ['General Parisot', 'Frederic Parisot']],
    ['hurri', ['al-Hurri', 'Al-Hari']],
    ['shaafa', ['al-Shaafa', 'Shafa']],
    ['mayadin', ['Mayadin', 'Al-Mayadeen', 'Mayadeen', 'Meyadin', 'al-Mayadin']],
    [
      'deir-ez-zor',
      [
        'Deir ez-Zor',
        'Deir Ezzor',
        'Dayr al-Zawr',
        'Deir al-Zour',
        'deir-ez-zor',
        'Deir ez Zor',
        'Dair al-Zour',
      ],
    ],
    ['deir-ez-zor-countryside', ['Deir ez-Zor countryside', 'Deir Ezzor countryside', 'rural Deir al-Zour']],
    ['deir-ez-zor-east', ['eastern Deir ez-Zor', 'eastern Deir ez-Zor countryside', 'east of Deir Ezzor']],
    ['deir-ez-zor-west', ['western Deir ez-Zor countryside', 'western countryside of Deir ez-Zor']],
    ['deir-ez-zor-province', ['Deir ez-Zor province', 'Deir ez-Zor governorate']],
    ['albu-kamal', ['Albu Kamal', 'Abu Kamal', 'Bukamal', 'Al-Bukamal', 'Boukamal']],
    ['shaddadi', ['Shaddadi', 'Al-Shadadi', 'al-Shaddadi']],
    ['asharah', ['Al-Asharah', 'Ashara']],
    ['hawijat-saqr', ['Hawijat Saqr', 'Huwaijat Saqr', 'Hawija Saqr']],
    ['rahba-castle', ['Rahba castle', 'al-Rahba citadel', 'Qalaat al-Rahba']],
    ['ayyash-depots', ['Ayyash depots', 'Ayyash warehouses', 'Ayyash']],
    ['baghdad-dsc', ['Baghdad Diplomatic Support Center', 'Baghdad Diplomatic Support Centre']],
    ['tabiyat-khasham', ['Tabiyat Khasham', 'Tabiyeh', 'al-Tabiyeh']],
    [
      'abdel-moneim-riad-school',
      ['Abdel Moneim Riad school', 'Abdul Moneim Riad', 'Abdel Moneim Riad high school'],
    ],
    ['fatemiyoun', ['Fatemiyoun', 'Fatemiyun', 'Fatimiyoun', 'Fatemiyoun brigade', 'Liwa Fatemiyoun']],
    ['zainabiyoun', ['Zainabiyoun', 'Zaynabiyoun']],
    ['asaib-ahl-al-haq', ["Asa'ib Ahl al-Haq", 'Asa’ib Ahl al-Haq', 'Asaib Ahl al-Haq', 'Asaʼib']],
    ['irgc', ['IRGC', 'Revolutionary Guard', 'Revolutionary Guards', "Iran's Revolutionary Guard"]],
    ['quds-force', ['Quds Force', 'Qods Force']],
    ['sdf', ['SDF', 'Syrian Democratic Forces']],
    ['maghawir-al-thawra', ['Maghawir al-Thawra', 'Maghawir al Thawra']],
    ['fourth-division', ['Fourth Division', '4th Division']],
    ['qaterji', ['Qaterji', 'Katerji', 'Qaterji militia', 'al-Qaterji']],
    ['isis', ['ISIS', 'Islamic State', 'Daesh', 'ISIL']],
    [
      'international-coalition',
      ['international coalition', 'US-led coalition', 'coalition forces', 'coalition'],
    ],
    ['us-forces', ['US forces', 'U.S. forces', 'American troops', 'US military']],
    ['us-navy', ['US Navy', 'marines']],
    ['pentagon', ['Pentagon', 'US Department of Defense', 'Defense Department']],
    ['centcom', ['CENTCOM', 'US Central Command', 'Central Command']],
    ['operation-inherent-resolve', ['Operation Inherent Resolve', 'Inherent Resolve']],
    ['khamenei', ['Khamenei', 'supreme leader', "Iran's supreme leader"]],
    ['soleimani', ['Soleimani', 'Qassem Soleimani', 'Suleimani']],
    ['muhandis', ['Abu Mahdi al-Muhandis', 'al-Muhandis']],
    ['pmf', ['Popular Mobilization Forces', 'PMF', 'Hashd al-Shaabi']],
    ['regime-forces', ['regime forces', 'Syrian government forces', 'Assad forces']],
    ['iran-backed-militias', ['Iran-backed militias', 'Iranian militias', 'pro-Iranian militias']],
    ['deir-ezzor-24', ['Deir Ezzor 24', 'DeirEzzor24']],
    ['afp', ['AFP', 'Agence France-Presse']],
    ['drone', ['drone', 'drones', 'UAV', 'unmanned aerial vehicle']],
    ['airstrike', ['airstrike', 'air strikes', 'air raid']],
    ['rocket-launcher', ['rocket launcher', 'rocket launchers', 'launchers']],
    ['weapons-depot', ['weapons storage facility', 'weapons depot', 'arms depots']],
    ['self-defense', ['self-defense', 'self defence', 'self-defence']],
    // "Hit back" is a reply to an attack, not a hit plus "backed".
    ['retaliation', ['hit back', 'struck back', 'fired back', 'reacted', 'retaliated']],
    // "Killed or wounded" asks about casualties (خسائر, ضحايا), which a statement may deny as such.
    ['casualties', ['casualties', 'killed or wounded', 'kill or hurt', 'dead or injured']],
    ['syrian-foreign-ministry', ['Syrian Foreign Ministry', "Syria's foreign ministry"]],
    ['iranian-foreign-ministry', ["Iran's foreign ministry", 'Iranian Ministry of Foreign Affairs']],
    ['iraqi-government', ['Iraqi government', 'government of Iraq']],
    // Everyday incident words: an English question names them, and the lexicon looks for them.
    ['prison', ['prison', 'prisoners', 'jail']],
    ['captives', ['prisoners of war', 'POWs']],
    ['kidnapping', ['kidnapped', 'abduction']],
    ['displaced', ['refugees', 'displaced people', 'IDPs']],
    ['government', ['government']],
    ['syrian-regime', ['Syrian government']],
    ['ceasefire', ['ceasefire', 'cease-fire', 'truce']],
    ['explosive', ['landmines', 'mines', 'IEDs']],
    // General words of the reports (crashed, aboard, visit, interview, accused, retake…): without them
    // an English question about a helicopter crash or a delegation's visit abstained.
    ['crash', ['crashed', 'went down']],
    ['aboard', ['aboard', 'on board']],
    ['delegation', ['delegation']],
    ['visit', ['visited']],
    ['interview', ['interview']],
    ['accusation', ['accusations', 'accused']],
    ['admit', ['admitted', 'acknowledged']],
    ['retake', ['retake', 'recaptured']],
    ['facility', ['facility', 'installations']],
    ['return', ['returned']],
    ['storm', ['stormed']],
    ['ballistic', ['ballistic']],
    ['council', ['council']],
    ['funds', ['money', 'funds']],
    ['eight', ['eight']],
    ['january', ['January', 'Jan']],
  ];
  for (const [id, variants] of families) {
    it(`resolves every variant of ${id}`, () => {
      for (const v of variants) assert.deepEqual(enIds(v), [id], v);
    });
  }

  it('leaves "population" and "stabilization" untranslated: the articles state neither, and with سكان or الاستقرار the unanswerable questions about them were answered', () => {
    assert.deepEqual(enIds('population'), []);
    assert.deepEqual(enIds('stabilization'), []);
  });

  it('prefers the longest name and never overlaps', () => {
    assert.deepEqual(enIds('the Al-Omar oil field'), ['omar-oil-field']);
    assert.deepEqual(enIds('an oil field'), ['oil-field']);
    assert.deepEqual(enIds('Deir ez-Zor countryside'), ['deir-ez-zor-countryside']);
    assert.deepEqual(enIds('in Deir ez-Zor'), ['deir-ez-zor']);
    assert.deepEqual(enIds('Iran-backed militias attacked'), ['iran-backed-militias', 'attack']);
    const q =
      'How many Iranian militia members were killed in the coalition strikes on Deir ez-Zor city and its countryside?';
    const ms = lex.matchEnglish(q);
    assert.deepEqual(
      ms.map((m) => m.entry.id),
      [
        'iran-backed-militias',
        'members',
        'killed',
        'international-coalition',
        'strike',
        'deir-ez-zor-city',
        'countryside',
      ],
    );
    for (let i = 1; i < ms.length; i += 1) assert.ok((ms[i - 1]?.end ?? 0) <= (ms[i]?.start ?? 0));
  });

  it('folds case, hyphens, apostrophes and periods', () => {
    assert.deepEqual(enIds('DEIR EZ-ZOR'), ['deir-ez-zor']);
    assert.deepEqual(enIds('deir ez zor'), ['deir-ez-zor']);
    assert.deepEqual(enIds('U.S. Central Command'), ['centcom']);
    assert.deepEqual(enIds("Asa'ib"), enIds('Asaib'));
    assert.deepEqual(enIds('Kirby’s remarks'), ['kirby', 'comment']);
  });

  it('stems plurals and inflections', () => {
    assert.deepEqual(enIds('rockets'), ['rocket']);
    assert.deepEqual(enIds('militias'), ['militia']);
    assert.deepEqual(enIds('he was killed'), ['killed']);
    assert.deepEqual(enIds('two mosques'), ['two', 'mosque']);
    assert.deepEqual(enIds('Iranian militias launched rockets'), [
      'iran-backed-militias',
      'launch',
      'rocket',
    ]);
  });

  it('matches everyday-word names only with their listed case', () => {
    assert.deepEqual(enIds('tell us what it is'), []);
    assert.deepEqual(enIds('What is IS?'), ['isis']);
    assert.deepEqual(enIds('US strikes'), ['united-states', 'strike']);
    assert.deepEqual(enIds('they may attack'), ['attack']);
    assert.deepEqual(enIds('in May'), ['may']);
  });

  it('gives offsets into the original text', () => {
    const q = '  Which Fatemiyoun brigade HQ was hit near  al-Mayadeen ,  Deir ez-Zor?';
    const ms = lex.matchEnglish(q);
    assert.deepEqual(
      ms.map((m) => [m.entry.id, m.surface]),
      [
        ['fatemiyoun', 'Fatemiyoun brigade'],
        ['headquarters', 'HQ'],
        ['target', 'hit'],
        ['near', 'near'],
        ['mayadin', 'al-Mayadeen'],
        ['deir-ez-zor', 'Deir ez-Zor'],
      ],
    );
    for (const m of ms) assert.equal(q.slice(m.start, m.end), m.surface);
  });

  it('matches a question in well under a millisecond', () => {
    const q =
      'What did CENTCOM say about its strike on a weapons storage facility in Syria near the Al-Omar oil field?';
    lex.matchEnglish(q);
    const t0 = performance.now();
    for (let i = 0; i < 200; i += 1) lex.matchEnglish(q);
    const each = (performance.now() - t0) / 200;
    assert.ok(each < 1, `${each.toFixed(3)} ms per question`);
  });
});

describe('mentions', () => {
  it('finds a name inside a longer one, which findArabic reads as the longer one', () => {
    const iran = lex.byId('iran')!;
    const text = 'ميليشيات موالية لإيران قرب الميادين';
    assert.deepEqual(
      lex.findArabic(text).map((m) => m.entry.id),
      ['iran-backed-militias', 'near', 'mayadin'],
    );
    assert.equal(lex.mentions(text, iran), true);
    assert.equal(lex.mentions('وهدد المرشد الإيراني', iran), true);
    assert.equal(lex.mentions('قاعدة القرية الخضراء', iran), false);
  });

  it("does not find a name inside an outlet's name, which names the outlet", () => {
    const [russia, mayadin, deirEzZor] = ['russia', 'mayadin', 'deir-ez-zor'].map((id) => lex.byId(id)!);
    assert.equal(lex.mentions('وقالت بساكي لقناة روسيا اليوم إن الضربات', russia!), false);
    assert.equal(lex.mentions('بحسب قناة الميادين', mayadin!), false);
    assert.equal(lex.mentions('أفادت شبكة دير الزور 24', deirEzZor!), false);
    // The outlet itself is named; a ministry's name still names its country; a name beside the outlet counts.
    assert.equal(lex.mentions('وقالت بساكي لقناة روسيا اليوم', lex.byId('russia-today')!), true);
    assert.equal(lex.mentions('وزارة الدفاع الروسية', russia!), true);
    assert.equal(lex.mentions('بحسب قناة الميادين إن القصف طال الميادين', mayadin!), true);
  });
});

describe('nearestName', () => {
  it('finds the name a misspelt one means, and nothing for a name it does not know', () => {
    const near = (name: string) => lex.nearestName(name)?.id;
    assert.equal(near('Grean Vilage'), 'green-village');
    assert.equal(near('Al-Omr'), lex.matchEnglish('Al-Omar')[0]?.entry.id);
    assert.equal(near('Konoko'), lex.matchEnglish('Conoco')[0]?.entry.id);
    for (const unknown of ['Idlib', 'Hama', 'Hamas', 'Pearl Harbor', 'IS']) {
      assert.equal(near(unknown), undefined, unknown);
    }
    // A term is not a name: "rocketz" is not suggested as rocket.
    assert.equal(near('rocketz'), undefined);
  });
});

describe('findArabic', () => {
  const found = (text: string) => lex.findArabic(text).map((m) => [m.entry.id, text.slice(m.start, m.end)]);

  it('reads a name of forces or a term with a relation adjective indefinite, without the article', () => {
    assert.deepEqual(found('هاجموا رتلا لقوات النظام وقوات روسية حليفة'), [
      ['regime-forces', 'قوات النظام'],
      ['russian-forces', 'قوات روسية'],
    ]);
    assert.deepEqual(found('قصفت قاعدة أمريكية'), [
      ['shelling', 'قصفت'],
      ['us-base', 'قاعدة أمريكية'],
    ]);
    // A name's own adjective, an ordinal, or a name that is not of forces stays whole.
    assert.ok(!found('محطة ثانية').some(([id]) => id === 't2-station'));
    assert.ok(!found('قرية خضراء').some(([id]) => id === 'green-village'));
    assert.ok(!found('إقامة دولة إسلامية').some(([id]) => id === 'isis'));
  });

  it('keeps its matches by text: an answer reads each quoted passage several times', () => {
    const own = new Lexicon(lex.entries);
    const text = 'استهدفت ثمانية صواريخ قاعدة القرية الخضراء';
    const first = own.findArabic(text);
    assert.equal(own.findArabic(text), first, 'the same matches, not found again');
    assert.deepEqual(
      first.map((m) => m.entry.id),
      ['target', 'eight', 'rocket', 'green-village'],
    );
    assert.deepEqual(
      own.findArabic('في الميادين').map((m) => m.entry.id),
      ['mayadin'],
    );
  });

  it('finds names in a seed sentence with exact offsets, clitics outside the span', () => {
    const text =
      'ويعد حقل العمر النفطي 10كم شرقي الميادين بمحافظة دير الزور، أحد أكبر حقول النفط في سوريا، اتخذتها قوات التحالف قاعدة';
    const ms = lex.findArabic(text);
    const omar = ms.find((m) => m.entry.id === 'omar-oil-field');
    assert.ok(omar);
    assert.equal(omar.start, text.indexOf('حقل العمر النفطي'));
    assert.equal(text.slice(omar.start, omar.end), 'حقل العمر النفطي');
    // The names in order; other vocabulary entries may match in between.
    const got = found(text);
    const names = got.filter(([id]) => !['term', 'time'].includes(lex.byId(String(id))?.type ?? ''));
    assert.deepEqual(names, [
      ['omar-oil-field', 'حقل العمر النفطي'],
      ['mayadin', 'الميادين'],
      ['deir-ez-zor-province', 'محافظة دير الزور'],
      ['syria', 'سوريا'],
      ['international-coalition', 'قوات التحالف'],
    ]);
    assert.deepEqual(got.slice(0, 4), [
      ['omar-oil-field', 'حقل العمر النفطي'],
      ['kilometer', 'كم'],
      ['east', 'شرقي'],
      ['mayadin', 'الميادين'],
    ]);
  });

  it('finds a country by its adjective without the article too', () => {
    // "غارة إسرائيلية" names Israel as "الغارة الإسرائيلية" does; an answer must not say it does not.
    const countries = (text: string) => found(text).filter(([id]) => lex.byId(String(id))?.type === 'place');
    assert.deepEqual(countries('غارة إسرائيلية على دير الزور'), [
      ['israel', 'إسرائيلية'],
      ['deir-ez-zor', 'دير الزور'],
    ]);
    assert.deepEqual(countries('طائرات روسية وقوات تركية'), [
      ['russia', 'روسية'],
      ['turkey', 'تركية'],
    ]);
    assert.deepEqual(countries('قصف إسرائيلي'), [['israel', 'إسرائيلي']]);
  });

  it('reads نقلت as reporting, and نقل alone as carrying', () => {
    assert.deepEqual(found('ونقلت وكالة تسنيم')[0], ['reported', 'نقلت']);
    // "Where were the wounded taken?" asks for a hospital, not for a report.
    assert.deepEqual(
      found('إلى أين نقل الجرحى').filter(([id]) => id === 'reported'),
      [],
    );
  });

  it('accepts attached و ب ل ف ك and ال combinations on the first word', () => {
    assert.deepEqual(found('استهداف قاعدة التحالف بحقل العمر بالصواريخ'), [
      ['target', 'استهداف'],
      ['coalition-base', 'قاعدة التحالف'],
      ['omar-oil-field', 'حقل العمر'],
      ['rocket', 'الصواريخ'],
    ]);
    assert.deepEqual(found('قصفت المدفعية والميادين والبوكمال'), [
      ['shelling', 'قصفت'],
      ['artillery', 'المدفعية'],
      ['mayadin', 'الميادين'],
      ['albu-kamal', 'البوكمال'],
    ]);
    assert.deepEqual(found('مقراً “للواء فاطميون” الأفغاني'), [
      ['headquarters', 'مقراً'],
      ['fatemiyoun', 'لواء فاطميون” الأفغاني'],
    ]);
    // ل + ال fuse into لل: the span keeps the whole word.
    assert.deepEqual(found('تابع للتحالف الدولي'), [
      ['affiliated', 'تابع'],
      ['international-coalition', 'للتحالف الدولي'],
    ]);
    assert.deepEqual(found('بثماني قذائف'), [
      ['eight', 'ثماني'],
      ['shelling', 'قذائف'],
    ]);
  });

  it('folds diacritics, tatweel and Persian letters', () => {
    assert.deepEqual(found('خارج منطقة المیادین'), [
      ['area', 'منطقة'],
      ['mayadin', 'المیادین'],
    ]);
    assert.deepEqual(found('اللواء جون برینان'), [['brennan', 'اللواء جون برینان']]);
    assert.deepEqual(found('نفّذ التحالـف'), [['international-coalition', 'التحالـف']]);
  });

  it('matches whole words only, preferring the word as written', () => {
    assert.deepEqual(found('التنفيذ'), []);
    assert.deepEqual(found('الاثنين'), [['monday', 'الاثنين']]);
    assert.deepEqual(found('اثنين'), [['two', 'اثنين']]);
    assert.deepEqual(found('بقرص'), [['buqrus', 'بقرص']]);
  });

  it('prefers the longest form', () => {
    assert.deepEqual(found('قاعدة التحالف الدولي'), [['coalition-base', 'قاعدة التحالف الدولي']]);
    assert.deepEqual(found('حزب الله اللبناني'), [['hezbollah', 'حزب الله اللبناني']]);
    assert.deepEqual(found('كتائب حزب الله'), [['kataib-hezbollah', 'كتائب حزب الله']]);
  });

  it('arabicFormsOf gives normalized forms; byId finds entries', () => {
    const gv = lex.byId('green-village');
    assert.ok(gv);
    assert.deepEqual(lex.arabicFormsOf(gv), [normalize('القرية الخضراء'), normalize('قاعدة القرية الخضراء')]);
    const dz = lex.byId('deir-ez-zor');
    assert.ok(dz);
    assert.deepEqual(lex.arabicFormsOf(dz), ['دير الزور', 'ديرالزور']);
    assert.equal(lex.byId('no-such-id'), undefined);
    // English "fired" shares the stem of the noun "fire": the question looks for "أطلق" too, as
    // in "أطلقت الصواريخ", but matching Arabic text still reads نيران / حريق as fire.
    const fire = lex.byId('fire');
    assert.ok(fire);
    assert.deepEqual(enIds('who fired rockets'), ['fire', 'rocket']);
    assert.ok(lex.searchedForms(fire).includes('أطلقت'));
    assert.ok(!lex.arabicFormsOf(fire).includes('اطلقت'));
    // An entry from elsewhere (not indexed here) is normalized on the fly, duplicates folded.
    const foreign: LexiconEntry = { id: 'x', type: 'place', en: ['Raqqa'], ar: ['الرَّقَّة', 'الرقة'] };
    assert.deepEqual(lex.arabicFormsOf(foreign), ['الرقه']);
  });

  const KEY_ENTITIES = [
    'green-village',
    'omar-oil-field',
    'conoco-gas-field',
    'mayadin',
    'kirby',
    'psaki',
    'kurilla',
    'centcom',
    'fatemiyoun',
    'hawijat-saqr',
    'rahba-castle',
    'ayyash-depots',
    'qaterji',
    'fourth-division',
    'brennan',
    'khamenei',
    'soleimani',
    'tanf',
    'maghawir-al-thawra',
    'shaddadi',
    'albu-kamal',
    'buqrus',
    'asharah',
    'baghdad-dsc',
    'abdel-moneim-riad-school',
    'hezbollah',
    'nujaba',
    'asaib-ahl-al-haq',
    'zainabiyoun',
    'sdf',
  ];
  it(
    'finds the key entities in the seed articles as they spell them',
    { skip: !fs.existsSync(SEEDS_DIR) && `${SEEDS_DIR} is absent` },
    () => {
      const seen = new Set<string>();
      for (const f of fs.readdirSync(SEEDS_DIR).filter((n) => n.endsWith('.txt'))) {
        for (const m of lex.findArabic(fs.readFileSync(path.join(SEEDS_DIR, f), 'utf8')))
          seen.add(m.entry.id);
      }
      assert.deepEqual(
        KEY_ENTITIES.filter((id) => !seen.has(id)),
        [],
      );
    },
  );
});
