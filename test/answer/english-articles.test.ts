import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { openQA, type IncidentQA } from '../../src/answer/index.js';
import { loadConfig } from '../../src/config.js';
import { copySeeds, tmpDir } from '../helpers/corpus.js';

// An article a maintainer adds in English (`language: en`), such as a coalition press release.
const RELEASE = `---
id: centcom-release
title: "Rocket attack on Green Village"
source: U.S. Central Command
published: "2022-01-05"
published_precision: day
url: null
language: en
---
At approximately 11:00 a.m. local time, eight rockets were launched at Mission Support Site Green Village in northeast Syria. No coalition personnel were injured in the attack.

Coalition forces responded with six rounds of artillery fire at the point of origin.
`;
const LAUNCHED = /eight rockets were launched at Mission Support Site Green Village/;

let qa: IncidentQA;
const progress: string[] = [];

before(async () => {
  const articles = copySeeds();
  fs.writeFileSync(path.join(articles, 'centcom-release.md'), RELEASE);
  qa = await openQA(loadConfig({ EMBEDDER: 'lexical', STATE_DIR: tmpDir(), ARTICLES_DIR: articles }), {
    onProgress: (line) => progress.push(line),
  });
});
after(() => qa.close());

test('an English question finds an article written in English, and the lead does not call it Arabic', async () => {
  const a = await qa.answer('How many rockets were launched at Green Village?');
  const i = a.citations.findIndex((c) => c.articleId === 'centcom-release');
  assert.ok(i >= 0 && i < 3, `the release is among the first three citations: ${i}`);
  assert.match(a.citations[i]!.text, LAUNCHED);
  if (i === 0) assert.doesNotMatch(a.text, /The articles are in Arabic/);
});

test('an Arabic question reaches the English article through the lexicon', async () => {
  const a = await qa.answer('كم صاروخًا أطلق على القرية الخضراء؟');
  assert.equal(a.language, 'ar');
  assert.ok(a.citations.some((c) => c.articleId === 'centcom-release'));
});

test('the abstention says the collection holds articles in both languages', async () => {
  const a = await qa.answer('What is the population of Damascus?');
  assert.equal(a.abstained, true);
  assert.match(a.text, /6 news articles in Arabic and English/);
});

test('the first build says how many articles it indexed', () => {
  assert.ok(
    progress.some((l) => /^index built: 6 articles, \d+ passages in /.test(l)),
    progress.join('\n'),
  );
});

test('an index of one English article says so, in the singular', async () => {
  const articles = tmpDir();
  fs.writeFileSync(path.join(articles, 'centcom-release.md'), RELEASE);
  const lines: string[] = [];
  const one = await openQA(loadConfig({ EMBEDDER: 'lexical', STATE_DIR: tmpDir(), ARTICLES_DIR: articles }), {
    onProgress: (line) => lines.push(line),
  });
  try {
    assert.ok(
      lines.some((l) => /^index built: 1 article, \d+ passages? in /.test(l)),
      lines.join('\n'),
    );
    const a = await one.answer('What is the population of Damascus?');
    assert.equal(a.abstained, true);
    assert.match(a.text, /holds 1 English news article \(Jan 2022\)/);
    // Its passage names what the lexicon knows in English; it is quoted as it is, without glosses
    // or figures read into it ("11:00 a.m." is a time, not the figures 11 and 00).
    const b = await one.answer('What happened at Green Village?');
    assert.equal(b.abstained, false);
    assert.match(b.citations[0]!.text, LAUNCHED);
    assert.match(b.text, /Names: [^.]*Green Village/);
    assert.doesNotMatch(b.text, /not name|Not named|Figures|in Arabic|translated/);
    assert.ok(b.text.includes(`«${b.citations[0]!.text}»`), 'quoted verbatim');
  } finally {
    await one.close();
  }
});

test("an article's Arabic passage is Arabic though the article, opening in English, is English", async () => {
  // Its language is decided by its letters: one English sentence outweighs a shorter Arabic one. The
  // Arabic passage had been taken for English with it, and an answer read none of its figures.
  const articles = tmpDir();
  fs.writeFileSync(
    path.join(articles, 'hajin.md'),
    '---\nid: hajin\nsource: test\npublished: "2018-11-20"\n---\n' +
      'The US-led coalition said its aircraft struck Islamic State positions near Hajin in eastern Syria on Tuesday.\n\n' +
      'قُتل 12 عنصراً من تنظيم الدولة في هجين.\n',
  );
  const one = await openQA(loadConfig({ EMBEDDER: 'lexical', STATE_DIR: tmpDir(), ARTICLES_DIR: articles }));
  try {
    const a = await one.answer('كم عنصراً قتل في هجين؟');
    assert.equal(a.abstained, false);
    assert.ok(
      a.citations.some((c) => c.text.includes('قُتل 12 عنصراً')),
      a.text,
    );
    assert.match(a.text, /أرقام واردة: 12 عنصراً/);
    const b = await one.answer('How many fighters were killed in Hajin?');
    assert.match(b.text, /Figures: 12 \(members\)/);
  } finally {
    await one.close();
  }
});
