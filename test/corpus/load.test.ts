import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import zlib from 'node:zlib';
import { countArticles, loadArticles, type Article, type Skip } from '../../src/corpus/index.js';
import { simpleFrontMatter, yamlMap } from '../../src/corpus/load.js';
import { prng } from '../helpers/random.js';
import { tmpDir } from '../helpers/tmp.js';

const tmpRoot = tmpDir('corpus-load-');
after(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

let dirCount = 0;
/** A fresh folder holding `files` (relative path → content). */
function folder(files: Record<string, string | Buffer>): string {
  const dir = path.join(tmpRoot, `d${dirCount++}`);
  fs.mkdirSync(dir);
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  return dir;
}

async function load(
  source: string,
  maxArticleBytes = 100_000,
): Promise<{ articles: Article[]; skips: Skip[] }> {
  const articles: Article[] = [];
  const skips: Skip[] = [];
  for await (const a of loadArticles(source, { maxArticleBytes, onSkip: (s) => skips.push(s) }))
    articles.push(a);
  return { articles, skips };
}

/** Load a folder holding one bad file `bad.md` beside a good one; return the single skip. */
async function skipOf(content: string | Buffer, maxArticleBytes?: number): Promise<Skip> {
  const dir = folder({ 'bad.md': content, 'good.md': 'نص جيد.' });
  const { articles, skips } = await load(dir, maxArticleBytes);
  assert.deepEqual(
    articles.map((a) => a.id),
    ['good'],
    'the good article still loads',
  );
  assert.equal(skips.length, 1, `expected one skip, got ${JSON.stringify(skips)}`);
  assert.equal(skips[0]!.origin, path.join(dir, 'bad.md'));
  return skips[0]!;
}

const BODY = 'قصفت طائرات التحالف موقعاً قرب البوكمال.\nوقال مصدر محلي إن القصف استمر ساعة.\n';

describe('folders of .md/.txt files', () => {
  test('front matter fields become the article; the body is verbatim after the closing line', async () => {
    const fm = [
      '---',
      'id: strike-1',
      'title: "ضربة"',
      'source: SY24',
      'published: 2022-01-05',
      'published_precision: day',
      'url: https://example.org/a',
      'language: ar',
      '---',
      '',
    ].join('\n');
    const dir = folder({ 'a.md': fm + BODY });
    const { articles, skips } = await load(dir);
    assert.deepEqual(skips, []);
    assert.deepEqual(articles, [
      {
        id: 'strike-1',
        title: 'ضربة',
        source: 'SY24',
        published: '2022-01-05',
        publishedPrecision: 'day',
        url: 'https://example.org/a',
        language: 'ar',
        text: BODY,
        origin: path.join(dir, 'a.md'),
      },
    ]);
  });

  test('a file without front matter: id from the stem, metadata null, language detected', async () => {
    const dir = folder({
      'plain.txt': BODY,
      'english.md': 'Coalition aircraft struck a site near Albu Kamal.',
    });
    const { articles, skips } = await load(dir);
    assert.deepEqual(skips, []);
    const [english, plain] = articles;
    assert.equal(english!.id, 'english');
    assert.equal(english!.language, 'en');
    assert.deepEqual(
      { ...plain!, origin: undefined },
      {
        id: 'plain',
        title: null,
        source: null,
        published: null,
        publishedPrecision: 'unknown',
        url: null,
        language: 'ar',
        text: BODY,
        origin: undefined,
      },
    );
  });

  test('recurses into subfolders in sorted path order; ignores README.md, dot files and other extensions', async () => {
    const dir = folder({
      'b.md': 'ب',
      'a/z.txt': 'ز',
      'a/c.md': 'ج',
      'README.md': '# how to add articles',
      'notes.json': '{}',
      '.hidden.md': 'مخفي',
      '.git/x.md': 'x',
    });
    const { articles, skips } = await load(dir);
    assert.deepEqual(skips, []);
    assert.deepEqual(
      articles.map((a) => a.origin),
      [path.join(dir, 'a/c.md'), path.join(dir, 'a/z.txt'), path.join(dir, 'b.md')],
    );
  });

  test('a symlinked folder is read like a folder, once, and a link back up does not loop', async () => {
    // `ln -s /mnt/corpus/2023 data/articles/2023` had its articles left out without a word: a link
    // to a folder was neither read nor reported. A link to a folder read already (an ancestor, or
    // another link to the same one) adds nothing.
    const outside = folder({ 'o.md': 'خارج', 'deeper/p.md': 'أعمق' });
    const dir = folder({ 'a.md': 'أ', 'sub/s.md': 'س' });
    fs.symlinkSync(outside, path.join(dir, 'linked'));
    fs.symlinkSync(outside, path.join(dir, 'sub', 'again'));
    fs.symlinkSync('..', path.join(dir, 'sub', 'up'));
    const { articles, skips } = await load(dir);
    assert.deepEqual(skips, []);
    assert.deepEqual(
      articles.map((a) => path.relative(dir, a.origin)),
      ['a.md', 'linked/deeper/p.md', 'linked/o.md', 'sub/s.md'],
    );
    assert.equal(await countArticles(dir), 4);
  });

  test('published precision is inferred from the date shape', async () => {
    const dir = folder({
      'y.md': '---\npublished: 2018\n---\nنص',
      'm.md': '---\npublished: 2018-03\n---\nنص',
      'd.md': '---\npublished: 2018-03-01\n---\nنص',
      't.md': '---\npublished: 2018-03-01T10:00:00+02:00\n---\nنص',
      'n.md': '---\npublished: null\n---\nنص',
    });
    const { articles, skips } = await load(dir);
    assert.deepEqual(skips, []);
    const got = Object.fromEntries(articles.map((a) => [a.id, [a.published, a.publishedPrecision]]));
    assert.deepEqual(got, {
      d: ['2018-03-01', 'day'],
      m: ['2018-03', 'month'],
      n: [null, 'unknown'],
      t: ['2018-03-01T10:00:00+02:00', 'day'],
      y: ['2018', 'year'],
    });
  });

  test('a date in the future is skipped with its id, naming the date; today, tomorrow and 1066 load', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const year = new Date().getUTCFullYear();
    for (const published of ['2999', `${year + 1}-01`, day(3), `${day(3)}T10:00:00+02:00`]) {
      const skip = await skipOf(`---\nid: typo\npublished: ${published}\n---\nنص`);
      assert.equal(skip.id, 'typo', 'kept as indexed, if it was');
      assert.equal(
        skip.reason,
        `published: "${published}" is in the future (today is ${day(0)}); correct the date, or write null when it is unknown`,
      );
    }
    const dir = folder({
      'today.md': `---\npublished: ${day(0)}\n---\nنص`,
      'tomorrow.md': `---\npublished: ${day(1)}\n---\nنص`,
      'year.md': `---\npublished: ${year}\n---\nنص`,
      'old.md': '---\npublished: 1066\n---\nنص',
    });
    const { articles, skips } = await load(dir);
    assert.deepEqual(skips, []);
    assert.equal(articles.length, 4);
  });

  test('a JSONL line dated in the future is skipped too', async () => {
    const dir = folder({
      'a.jsonl': '{"id":"x","published":2999,"text":"نص"}\n{"id":"y","published":"2018-03-01","text":"نص"}\n',
    });
    const { articles, skips } = await load(path.join(dir, 'a.jsonl'));
    assert.deepEqual(
      articles.map((a) => a.id),
      ['y'],
    );
    assert.equal(skips.length, 1);
    assert.equal(skips[0]!.id, 'x');
    assert.match(skips[0]!.reason, /^published: "2999" is in the future/);
  });

  test('numeric-looking YAML values keep their written form', async () => {
    const dir = folder({ 'x.md': '---\nid: 0001\ntitle: 1.50\n---\nنص' });
    const { articles } = await load(dir);
    assert.equal(articles[0]!.id, '0001');
    assert.equal(articles[0]!.title, '1.50');
  });

  test('a UTF-8 BOM is stripped, with or without front matter', async () => {
    const dir = folder({
      'a.md': '\uFEFF---\nid: a\n---\nنص',
      'b.txt': '\uFEFFنص',
    });
    const { articles, skips } = await load(dir);
    assert.deepEqual(skips, []);
    assert.deepEqual(
      articles.map((a) => [a.id, a.text]),
      [
        ['a', 'نص'],
        ['b', 'نص'],
      ],
    );
  });

  test('blank lines above the front matter do not hide it', async () => {
    const dir = folder({ 'a.md': '\n  \r\n---\nid: spaced\npublished: 2022-01-05\n---\nنص' });
    const { articles, skips } = await load(dir);
    assert.deepEqual(skips, []);
    assert.deepEqual(
      articles.map((a) => [a.id, a.published, a.text]),
      [['spaced', '2022-01-05', 'نص']],
    );
  });

  test('CRLF: front matter parses, and the body reads as the same file saved with LF', async () => {
    const body = 'سطر أول.\r\nسطر ثان.\r\n';
    const dir = folder({ 'a.md': `---\r\nid: crlf\r\npublished: 2022-01\r\n---\r\n${body}` });
    const { articles, skips } = await load(dir);
    assert.deepEqual(skips, []);
    assert.equal(articles[0]!.id, 'crlf');
    assert.equal(articles[0]!.publishedPrecision, 'month');
    assert.equal(articles[0]!.text, 'سطر أول.\nسطر ثان.\n');
  });

  test('a CRLF or BOM re-save of a file is the same article as the LF file, but for where it is', async () => {
    const lf = `---\nid: same\ntitle: "ضربة"\nsource: SY24\npublished: 2022-01-05\n---\n${BODY}\n${BODY}`;
    const dir = folder({
      'lf.md': lf,
      'crlf.md': lf.replaceAll('\n', '\r\n'),
      'bom-crlf.md': '\uFEFF' + lf.replaceAll('\n', '\r\n'),
      'bom.md': '\uFEFF' + lf,
    });
    const loaded = new Map<string, Omit<Article, 'origin'>>();
    for await (const { origin, ...a } of loadArticles(dir, {
      maxArticleBytes: 100_000,
      onSkip: (s) => assert.fail(s.reason),
      allowDuplicateIds: true,
    }))
      loaded.set(path.basename(origin), a);
    assert.equal(loaded.size, 4);
    for (const name of ['crlf.md', 'bom-crlf.md', 'bom.md'])
      assert.deepEqual(loaded.get(name), loaded.get('lf.md'), name);
  });

  test('a single .md file can be the source', async () => {
    const dir = folder({ 'one.md': BODY });
    const { articles } = await load(path.join(dir, 'one.md'));
    assert.deepEqual(
      articles.map((a) => a.id),
      ['one'],
    );
  });
});

describe('bad files are skipped with a reason, and loading goes on', () => {
  test('empty file', async () => {
    assert.match((await skipOf('')).reason, /empty body/);
  });

  test('whitespace-only body', async () => {
    assert.match((await skipOf(' \n\t\r\n  ')).reason, /empty body/);
  });

  test('front matter with nothing after it', async () => {
    assert.match((await skipOf('---\nid: x\n---\n')).reason, /empty body/);
  });

  test('invalid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('نص '), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(' نص')]);
    assert.match((await skipOf(bytes)).reason, /not valid UTF-8/);
  });

  test('UTF-16 text is named as such, not as binary', async () => {
    for (const bom of [Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff])]) {
      const bytes = Buffer.concat([bom, Buffer.from('نص', 'utf16le')]);
      assert.equal((await skipOf(bytes)).reason, 'UTF-16 text; re-save the file as UTF-8');
    }
  });

  test('binary with NUL bytes', async () => {
    assert.match((await skipOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01]))).reason, /binary/);
  });

  test('over maxArticleBytes', async () => {
    const reason = (await skipOf('ن'.repeat(60), 100)).reason;
    assert.match(reason, /120 bytes, over the limit of 100 \(MAX_ARTICLE_BYTES\)/);
  });

  test('a file far over maxArticleBytes is skipped unread, by its size, its id read from its opening', async () => {
    // 2 MiB, over the 1 MiB of front matter a file may have beyond the limit; past its opening, bytes
    // that are not UTF-8. Before, the whole file was read and decoded ("not valid UTF-8 text"): one of
    // 600 MB ended ingestion with "Cannot create a string longer than 0x1fffffe8 characters".
    const head = Buffer.from(`---\nid: too-long\n---\n${BODY}`);
    const content = Buffer.concat([head, Buffer.alloc(2 << 20, 0xff)]);
    const skip = await skipOf(content, 1000);
    assert.equal(
      skip.reason,
      `the file is ${content.length} bytes, far over the limit of 1000 (MAX_ARTICLE_BYTES) for an article's body; split the article or raise the limit`,
    );
    assert.equal(skip.id, 'too-long', 'an indexed article of that id is kept');
  });

  test('unterminated front matter', async () => {
    assert.match((await skipOf('---\nid: x\ntitle: y\nنص')).reason, /front matter is not closed/);
  });

  test('invalid YAML names the line', async () => {
    const reason = (await skipOf('---\nid: x\ntitle: [unclosed\n---\nنص')).reason;
    assert.match(reason, /^front matter: invalid YAML at line \d+/);
  });

  test('a value read as a YAML alias (a title in *emphasis*) is a skip, not a crash', async () => {
    // `*Breaking*` is an alias to an anchor that does not exist: the parser reports no error, but
    // turning the document into values throws, and that had ended ingestion with a stack trace.
    const skip = await skipOf('---\nid: x\ntitle: *Breaking*\n---\nنص');
    assert.match(skip.reason, /^front matter: invalid YAML: .*alias/);
    assert.equal(skip.id, 'x');
  });

  test('duplicate YAML keys', async () => {
    assert.match((await skipOf('---\ntitle: a\ntitle: b\n---\nنص')).reason, /invalid YAML.*unique/);
  });

  test('front matter that is not key: value lines', async () => {
    assert.match((await skipOf('---\n- a\n- b\n---\nنص')).reason, /expected `key: value` lines/);
  });

  test('unknown key (a typo) is rejected and named', async () => {
    const reason = (await skipOf('---\npublised: 2022-01-05\n---\nنص')).reason;
    assert.match(
      reason,
      /unknown key "publised" \(allowed: id, title, source, published, published_precision/,
    );
  });

  test('bad date names the field and the accepted shapes', async () => {
    const reason = (await skipOf('---\npublished: 05/01/2022\n---\nنص')).reason;
    assert.match(reason, /^front matter: published: "05\/01\/2022": expected YYYY, YYYY-MM, YYYY-MM-DD/);
  });

  test('impossible calendar date', async () => {
    assert.match((await skipOf('---\npublished: 2022-02-30\n---\nنص')).reason, /published: "2022-02-30"/);
  });

  test('precision disagreeing with the date', async () => {
    const reason = (await skipOf('---\npublished: 2022-01\npublished_precision: day\n---\nنص')).reason;
    assert.match(reason, /published_precision: "day" disagrees with the date \(published "2022-01" is month/);
  });

  test('precision given for a null date', async () => {
    const reason = (await skipOf('---\npublished: null\npublished_precision: month\n---\nنص')).reason;
    assert.match(reason, /published_precision: "month" disagrees with the date \(published is null\)/);
  });

  test('wrong type and bad enum values name the field', async () => {
    assert.match((await skipOf('---\ntitle: [a, b]\n---\nنص')).reason, /title: must be a string or null/);
    assert.match((await skipOf('---\nlanguage: fr\n---\nنص')).reason, /^front matter: language: /);
    assert.match((await skipOf('---\nid: "two words"\n---\nنص')).reason, /id: must not contain whitespace/);
  });

  test('duplicate id: the first wins and the reason names it', async () => {
    const dir = folder({ 'a.md': '---\nid: same\n---\nأول', 'b.md': '---\nid: same\n---\nثان' });
    const { articles, skips } = await load(dir);
    assert.deepEqual(
      articles.map((a) => a.text),
      ['أول'],
    );
    assert.deepEqual(skips, [
      {
        origin: path.join(dir, 'b.md'),
        reason: `duplicate id "same" (first used by ${path.join(dir, 'a.md')}); give it a unique id`,
        id: 'same',
      },
    ]);
  });

  test('a skip names the id of the article it held, as far as it can still be read', async () => {
    const line = (fields: string) => `{"id": ${fields}`;
    const dir = folder({
      'a-schema.md': '---\nid: "x-1"  # note\nsourse: a\n---\nنص',
      'b-yaml.md': '---\nid: y-1\ntitle: [unclosed\n---\nنص',
      'c-open.md': '---\nid: z-1\nنص',
      'd-stem.md': '---\nsourse: a\n---\nنص',
      'e-utf16.md': Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('---\nid: w-1\n---\nنص', 'utf16le'),
      ]),
      'f-empty.md': '---\nid: v-1\n---\n',
      'g.jsonl': [
        line('"j-1", "text": "x'),
        line('"j-2", "text": "x", "publised": null}'),
        '{not json',
        line('"j-3", "text": " "}'),
      ].join('\n'),
    });
    const { skips } = await load(dir);
    assert.deepEqual(
      skips.map((s) => [path.relative(dir, s.origin), s.id]),
      [
        ['a-schema.md', 'x-1'],
        ['b-yaml.md', 'y-1'],
        ['c-open.md', 'z-1'],
        ['d-stem.md', 'd-stem'],
        ['e-utf16.md', 'w-1'],
        ['f-empty.md', 'v-1'],
        ['g.jsonl:1', 'j-1'],
        ['g.jsonl:2', 'j-2'],
        ['g.jsonl:3', undefined],
        ['g.jsonl:4', 'j-3'],
      ],
    );
    // Only the file name standing in for an id is marked as such: ingestion treats it as a guess.
    assert.deepEqual(
      skips.filter((s) => s.idFromName).map((s) => path.relative(dir, s.origin)),
      ['d-stem.md'],
    );
  });

  test('a broken file with CRLF line ends still shows the id of its front matter, quoted or not', async () => {
    const broken = (id: string) => `---\r\n${id}\r\ntitle: Attack: Omar\r\n---\r\nنص\r\n`;
    const dir = folder({
      'a-plain.md': broken('id: x-1'),
      'b-double.md': broken('id: "x-2"'),
      'c-single.md': broken("id: 'x-3'  # note"),
      'd-unclosed.md': '---\r\nid: x-4\r\nنص\r\n',
      'e-utf16.md': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(broken('id: x-5'), 'utf16le')]),
    });
    const { skips } = await load(dir);
    assert.deepEqual(
      skips.map((s) => [path.relative(dir, s.origin), s.id]),
      [
        ['a-plain.md', 'x-1'],
        ['b-double.md', 'x-2'],
        ['c-single.md', 'x-3'],
        ['d-unclosed.md', 'x-4'],
        ['e-utf16.md', 'x-5'],
      ],
    );
  });

  test('duplicate ids are all yielded when the caller chooses among them (allowDuplicateIds)', async () => {
    const dir = folder({ 'a.md': '---\nid: same\n---\nأول', 'b.md': '---\nid: same\n---\nثان' });
    const articles: Article[] = [];
    const skips: Skip[] = [];
    for await (const a of loadArticles(dir, {
      maxArticleBytes: 1000,
      onSkip: (s) => skips.push(s),
      allowDuplicateIds: true,
    }))
      articles.push(a);
    assert.deepEqual(
      articles.map((a) => [a.id, a.text]),
      [
        ['same', 'أول'],
        ['same', 'ثان'],
      ],
    );
    assert.deepEqual(skips, []);
  });
});

describe('front matter read without the YAML parser', () => {
  /** Whether `yaml`, when it is read without the parser, reads as the parser reads it. */
  const agrees = (yaml: string): boolean => {
    const fast = simpleFrontMatter(yaml);
    if (fast !== null) assert.deepEqual({ value: fast }, yamlMap(yaml), JSON.stringify(yaml));
    return fast !== null;
  };

  test('simple lines read as YAML reads them, comments and quotes included', () => {
    const cases = [
      'id: 000_491cdc483407fe0a\ntitle: null\nsource: "عنب بلدي (Enab Baladi)"\npublished: "2022-01-05"\n' +
        'published_precision: day\nurl: null\nlanguage: ar\n',
      'id: ant-ms:AL-culture-69\npublished: 2022   # the year\nurl: http://x.example/a-b\n',
      'title: \'it\'\'s "quoted"\'\nsource: "a \\"b\\" \\\\ # not a comment"\n\npublished: 2018-03\n',
      'id: 0001\npublished: 2022.0\nurl: 0x1F\ntitle: 1e3\nsource: NULL\n',
      // Left to the YAML parser: a boolean, a repeated key, an escape, a comment line, a value ending in ':'.
      'title: true\n',
      'id: a\nid: b\n',
      'title: "a\\tb"\n',
      '# a comment\nid: a\n',
      'id: a:\n',
      'title: ~\n',
      'title:\n',
    ];
    assert.deepEqual(
      cases.map((yaml) => agrees(yaml)),
      [true, true, true, true, false, false, false, false, false, false, false],
    );
  });

  test('random front matters read the same both ways', () => {
    const random = prng(34);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const alphabet = [
      ...'aZ09_-.:/+#"\'\\ \t\rقصف\u064e\u0640\u00a0\u2028\u0085\ufeff\u0001\u007f~!&*?|>%@`,[]{}',
    ];
    const word = () => Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(alphabet)).join('');
    const value = () =>
      pick([
        () => word(),
        () => `"${word()}"`,
        () => `'${word()}'`,
        () => pick(['null', 'Null', 'true', '2022', '2022-01-05', '12:30', 'ar', 'a:b', '.5', '-1']),
        () => `${pick(['day', '"x"', "'y'", '7'])} ${pick(['# c', '#c', ''])}`,
      ])();
    const keys = ['id', 'title', 'source', 'published', 'url', 'language', 'extra_key'];
    let fastOnes = 0;
    for (let i = 0; i < 3000; i++) {
      const lines = Array.from(
        { length: 1 + Math.floor(random() * 4) },
        () => `${pick(keys)}:${pick([' ', '  ', '\t'])}${value()}`,
      );
      const yaml = `${lines.join('\n')}\n`;
      if (agrees(yaml)) fastOnes++;
    }
    assert.ok(fastOnes > 500, `read without the parser: ${fastOnes}`);
  });
});

describe('.jsonl and .jsonl.gz', () => {
  const record = (id: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      id,
      title: null,
      source: 'Src',
      published: null,
      url: null,
      text: `نص ${id}`,
      ...extra,
    });

  test('streams records in order with inferred precision and line origins', async () => {
    const file = path.join(folder({}), 'c.jsonl');
    const lines = [
      record('a', { published: '2018-03-01T10:00:00+02:00', title: 'عنوان', url: 'http://x.example/a' }),
      '',
      record('b', { published: '2018-03' }),
      record('c', { text: 'An English text about strikes.' }),
      '  ',
    ];
    fs.writeFileSync(file, lines.join('\n'));
    const { articles, skips } = await load(file);
    assert.deepEqual(skips, []);
    assert.deepEqual(articles[0], {
      id: 'a',
      title: 'عنوان',
      source: 'Src',
      published: '2018-03-01T10:00:00+02:00',
      publishedPrecision: 'day',
      url: 'http://x.example/a',
      language: 'ar',
      text: 'نص a',
      origin: `${file}:1`,
    });
    assert.deepEqual(
      articles.map((a) => [a.origin, a.publishedPrecision, a.language]),
      [
        [`${file}:1`, 'day', 'ar'],
        [`${file}:3`, 'month', 'ar'],
        [`${file}:4`, 'unknown', 'en'],
      ],
    );
  });

  test('a bare year written as a number is that year, as in front matter; no other number is a date', async () => {
    // `published: 2022` in front matter had been the year 2022 (YAML reads it as a number, kept as
    // written), while the same in a JSON line was refused as "must be a string or null".
    const dir = folder({
      'y.md': '---\npublished: 2022\n---\nنص',
      'c.jsonl': [
        record('j', { published: 2022 }),
        record('day', { published: 20220105 }),
        record('frac', { published: 2022.5 }),
      ].join('\n'),
    });
    const { articles, skips } = await load(dir);
    assert.deepEqual(
      articles.map((a) => [a.id, a.published, a.publishedPrecision]),
      [
        ['j', '2022', 'year'],
        ['y', '2022', 'year'],
      ],
    );
    assert.deepEqual(
      skips.map((s) => s.reason),
      [
        'published: "20220105": expected YYYY, YYYY-MM, YYYY-MM-DD or an ISO 8601 date-time such as 2018-03-01T10:00:00+02:00',
        'published: must be a string or null (expected YYYY, YYYY-MM, YYYY-MM-DD or an ISO 8601 date-time such as 2018-03-01T10:00:00+02:00)',
      ],
    );
  });

  test('bad lines are skipped with the line number; the rest loads', async () => {
    const file = path.join(folder({}), 'bad.jsonl');
    const lines = [
      record('ok1'),
      '{"id": "x", "text": ',
      '[1, 2]',
      record('typo', { publised: '2018' }),
      record('date', { published: 'yesterday' }),
      JSON.stringify({ id: 'notext' }),
      record('empty', { text: '   ' }),
      record('nul', { text: 'a\u0000b' }),
      record('ok1'),
      record('ok2'),
    ];
    const bytes = Buffer.concat([
      Buffer.from(lines.join('\n') + '\n'),
      Buffer.from('{"id": "bin", "text": "'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}\n'),
    ]);
    fs.writeFileSync(file, bytes);
    const { articles, skips } = await load(file);
    assert.deepEqual(
      articles.map((a) => a.id),
      ['ok1', 'ok2'],
    );
    const reasons = skips.map((s) => `${s.origin.slice(file.length)} ${s.reason}`);
    assert.equal(reasons.length, 9);
    assert.match(reasons[0]!, /^:2 invalid JSON \(/);
    assert.match(reasons[1]!, /^:3 a JSON array; write each article object on a line of its own/);
    assert.match(reasons[2]!, /^:4 unknown key "publised"/);
    assert.match(reasons[3]!, /^:5 published: "yesterday": expected YYYY/);
    assert.match(reasons[4]!, /^:6 text: is required/);
    assert.match(reasons[5]!, /^:7 empty body/);
    assert.match(reasons[6]!, /^:8 binary content/);
    assert.equal(reasons[7]!, `:9 duplicate id "ok1" (first used by ${file}:1); give it a unique id`);
    assert.match(reasons[8]!, /^:11 not valid UTF-8/);
  });

  test('a line that shows no id carries its text, for ingestion to find the article it held', async () => {
    const file = path.join(folder({}), 'noid.jsonl');
    const lines = [
      JSON.stringify({ source: 'Src', text: 'نص بلا معرف' }),
      JSON.stringify({ id: 7, text: 'نص بمعرف رقمي' }),
      JSON.stringify({ id: 'x', text: 'نص', publised: null }),
      JSON.stringify({ text: '  ' }),
      '{"text": "unterminated',
    ];
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const { skips } = await load(file);
    assert.deepEqual(
      skips.map((s) => [s.origin.slice(file.length), s.id, s.text]),
      [
        [':1', undefined, 'نص بلا معرف'],
        [':2', undefined, 'نص بمعرف رقمي'],
        [':3', 'x', undefined],
        [':4', undefined, undefined],
        [':5', undefined, undefined],
      ],
    );
  });

  test('over maxArticleBytes', async () => {
    const dir = folder({ 'c.jsonl': [record('small'), record('big', { text: 'x'.repeat(500) })].join('\n') });
    const { articles, skips } = await load(path.join(dir, 'c.jsonl'), 200);
    assert.deepEqual(
      articles.map((a) => a.id),
      ['small'],
    );
    assert.match(skips[0]!.reason, /500 bytes, over the limit of 200/);
  });

  test('a JSON array written over many lines is one skip saying so, not a skip for every line', async () => {
    const articles = [record('a'), record('b')].map((r) => JSON.parse(r) as unknown);
    const pretty = path.join(folder({}), 'pretty.jsonl');
    fs.writeFileSync(pretty, '\uFEFF' + JSON.stringify(articles, null, 2) + '\n');
    const { articles: loaded, skips } = await load(pretty);
    assert.deepEqual(loaded, []);
    // Before: 20 skips, "invalid JSON (Unexpected end of JSON input)" and the like, one per line.
    assert.deepEqual(skips, [
      {
        origin: `${pretty}:1`,
        reason:
          'the file is one JSON value written over many lines (pretty-printed), not JSON Lines, ' +
          "and was not read; write one article object per line (an array: jq -c '.[]' FILE)",
        rest: true,
      },
    ]);
    assert.equal(await countArticles(pretty), 1, 'one item for progress, as read');

    // On one line, an array says it is one.
    const oneLine = path.join(folder({}), 'one.jsonl');
    fs.writeFileSync(oneLine, JSON.stringify(articles) + '\n' + record('c') + '\n');
    const r = await load(oneLine);
    assert.deepEqual(
      r.articles.map((a) => a.id),
      ['c'],
    );
    assert.equal(r.skips[0]!.reason, 'a JSON array; write each article object on a line of its own');
  });

  test('a line far over maxArticleBytes is skipped unread, by its length, its id read from its opening', async () => {
    // JSON may take six bytes for each of the body's, so a line may have 6 × 1000 and 1 MiB: this
    // one is 2 MiB, not UTF-8 past its opening. Before, it was gathered whole and decoded ("not valid
    // UTF-8"): a line of 600 MB ended ingestion with a stack trace.
    const long = Buffer.concat([
      Buffer.from('{"id": "too-long", "text": "'),
      Buffer.alloc(2 << 20, 0xff),
      Buffer.from('"}\n'),
    ]);
    const file = path.join(folder({}), 'c.jsonl');
    fs.writeFileSync(file, Buffer.concat([long, Buffer.from(record('small') + '\n')]));
    const { articles, skips } = await load(file, 1000);
    assert.deepEqual(
      articles.map((a) => a.id),
      ['small'],
    );
    assert.deepEqual(skips, [
      {
        origin: `${file}:1`,
        reason: `the line is ${long.length - 1} bytes, far over the limit of 1000 (MAX_ARTICLE_BYTES) for an article's body; split the article or raise the limit`,
        id: 'too-long',
      },
    ]);
    assert.equal(await countArticles(file), 2);
  });

  test('gzip is detected by its magic bytes, whatever the name; CRLF lines and a BOM are fine', async () => {
    const text = '\uFEFF' + [record('a'), record('b')].join('\r\n') + '\r\n';
    const gz = zlib.gzipSync(Buffer.from(text));
    const dir = folder({ 'c.jsonl.gz': gz, 'named-plain.jsonl': gz });
    for (const name of ['c.jsonl.gz', 'named-plain.jsonl']) {
      const { articles, skips } = await load(path.join(dir, name));
      assert.deepEqual(skips, []);
      assert.deepEqual(
        articles.map((a) => [a.id, a.text]),
        [
          ['a', 'نص a'],
          ['b', 'نص b'],
        ],
      );
    }
  });

  test('truncated gzip: what was read loads, the rest is reported', async () => {
    const many = Array.from({ length: 2000 }, (_, i) => record(`r${i}`, { text: `نص ${i} ${Math.sin(i)}` }));
    const gz = zlib.gzipSync(Buffer.from(many.join('\n')));
    const dir = folder({ 't.jsonl.gz': gz.subarray(0, Math.floor(gz.length / 2)) });
    const { articles, skips } = await load(path.join(dir, 't.jsonl.gz'));
    assert.ok(articles.length > 0 && articles.length < 2000);
    assert.equal(skips.length, 1);
    assert.match(skips[0]!.reason, /gzip data is corrupt or truncated/);
  });

  test('stopping early closes the stream (first 3 lines of the gz)', async () => {
    const gz = zlib.gzipSync(Buffer.from(Array.from({ length: 50 }, (_, i) => record(`r${i}`)).join('\n')));
    const dir = folder({ 's.jsonl.gz': gz });
    const ids: string[] = [];
    for await (const a of loadArticles(path.join(dir, 's.jsonl.gz'), {
      maxArticleBytes: 1000,
      onSkip: () => {},
    })) {
      ids.push(a.id);
      if (ids.length === 3) break;
    }
    assert.deepEqual(ids, ['r0', 'r1', 'r2']);
  });
});

describe('a folder with .md/.txt and .jsonl files', () => {
  test('reads both, in sorted path order, and a duplicate id across them is skipped', async () => {
    const line = (id: string, text: string) => JSON.stringify({ id, text });
    const dir = folder({
      'a.md': 'أ',
      'b/batch.jsonl': [line('j1', 'نص أول'), '{not json', line('a', 'مكرر')].join('\n'),
      'c.jsonl.gz': zlib.gzipSync(line('j2', 'نص ثان') + '\n'),
    });
    const { articles, skips } = await load(dir);
    assert.deepEqual(
      articles.map((a) => [a.id, a.origin]),
      [
        ['a', path.join(dir, 'a.md')],
        ['j1', `${path.join(dir, 'b/batch.jsonl')}:1`],
        ['j2', `${path.join(dir, 'c.jsonl.gz')}:1`],
      ],
    );
    assert.deepEqual(
      skips.map((s) => s.origin),
      [`${path.join(dir, 'b/batch.jsonl')}:2`, `${path.join(dir, 'b/batch.jsonl')}:3`],
    );
    assert.match(skips[1]!.reason, /^duplicate id "a"/);
  });
});

test('an id is the same whether its letters are composed (NFC) or decomposed (NFD, as macOS names files)', async () => {
  const nfc = 'إدلب-1';
  const nfd = nfc.normalize('NFD');
  assert.notEqual(nfd, nfc);
  const dir = folder({
    [`${nfc}.md`]: 'قصفت طائرات التحالف موقعاً.',
    [`${nfd}.md`]: 'قصفت طائرات التحالف موقعاً.',
    'fm.md': `---\nid: ${nfd}-fm\n---\nنص آخر.`,
    'lines.jsonl': JSON.stringify({ id: `j-${nfd}`, text: 'نص' }) + '\n',
    'broken.md': `---\nid: ${nfd}-b\ntitle: [\n---\nنص`,
  });
  const { articles, skips } = await load(dir);
  assert.deepEqual(
    articles.map((a) => [a.id, path.basename(a.origin)]),
    [
      [`${nfc}-fm`, 'fm.md'],
      [`j-${nfc}`, 'lines.jsonl:1'],
      [nfc, `${nfc}.md`],
    ],
  );
  assert.deepEqual(
    skips.map((s) => [path.basename(s.origin), s.id, /^(duplicate id|front matter)/.exec(s.reason)?.[0]]),
    [
      ['broken.md', `${nfc}-b`, 'front matter'],
      [`${nfd}.md`, nfc, 'duplicate id'],
    ],
  );
});

test('.json files in a folder are not read, and a warning says so once, naming them', async () => {
  const dir = folder({
    'a.md': BODY,
    'b.json': '{"id": "b", "text": "نص"}',
    'sub/c.json': '{"id": "c", "text": "نص"',
    '.drafts/d.json': '{}',
  });
  const warnings: string[] = [];
  const articles: string[] = [];
  const skips: Skip[] = [];
  const opts = {
    maxArticleBytes: 100_000,
    onSkip: (s: Skip) => skips.push(s),
    onWarning: (m: string) => warnings.push(m),
  };
  for await (const a of loadArticles(dir, opts)) articles.push(a.id);
  assert.deepEqual(articles, ['a']);
  assert.deepEqual(skips, []);
  // Before, not a word: "added 0", or "no valid article in …" for a folder of .json files only.
  assert.deepEqual(warnings, [
    `${dir}: 2 .json files are not read (b.json, ${path.join('sub', 'c.json')}): an article is a .md or .txt file, or a line of a .jsonl file (one JSON object per line)`,
  ]);
});

describe('sources that cannot be loaded', () => {
  test('a missing path throws, naming it and what is expected', async () => {
    const missing = path.join(tmpRoot, 'nope');
    await assert.rejects(load(missing), (err: Error) => {
      assert.match(err.message, new RegExp(`not found: ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      assert.match(err.message, /expected a folder of \.md\/\.txt articles/);
      return true;
    });
  });

  test('a single file of a kind that is not read says why: a README, a .json file', async () => {
    // `--source data/articles/README.md` had been told "expected … a single .md/.txt file".
    const dir = folder({ 'README.md': '# notes', 'a.json': '{"id": "a", "text": "نص"}', 'x.png': 'png' });
    const reasons: string[] = [];
    for (const name of ['README.md', 'a.json', 'x.png']) {
      const file = path.join(dir, name);
      for (const read of [() => load(file), () => countArticles(file)]) {
        await assert.rejects(read(), (err: Error) => {
          assert.ok(err.message.startsWith(`Cannot load articles from ${file}: `), err.message);
          reasons.push(err.message.slice(`Cannot load articles from ${file}: `.length));
          return true;
        });
      }
    }
    assert.match(reasons[0]!, /^a README\.md or README\.txt file is never read as an article .*rename/);
    assert.match(
      reasons[2]!,
      /^a \.json file is not read: an article is a \.md or \.txt file, or a line of a \.jsonl file/,
    );
    assert.match(reasons[4]!, /^expected a folder of \.md\/\.txt articles/);
    for (let i = 0; i < reasons.length; i += 2)
      assert.equal(reasons[i + 1], reasons[i], 'counting says the same');
  });

  test('a path through a file (a .jsonl named as a folder) is not found either, not ENOTDIR', async () => {
    const dir = folder({ 'batch.jsonl': '{"id": "a", "text": "نص"}\n' });
    const through = path.join(dir, 'batch.jsonl', 'more');
    await assert.rejects(load(through), (err: Error) => {
      assert.equal(err.name, 'SourceError');
      assert.match(err.message, /^Article source not found: .*batch\.jsonl\/more \(expected a folder/);
      return true;
    });
  });

  test('a file of another kind throws', async () => {
    const dir = folder({ 'x.csv': 'a,b' });
    await assert.rejects(load(path.join(dir, 'x.csv')), /Cannot load articles from .*x\.csv: expected/);
  });
});
