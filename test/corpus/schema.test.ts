import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FrontMatterSchema, JsonlRecordSchema, precisionOf } from '../../src/corpus/index.js';

test('precisionOf reads the precision off the date shape and rejects impossible dates', () => {
  const cases: Array<[string | null, string | null]> = [
    [null, 'unknown'],
    ['2018', 'year'],
    ['2018-03', 'month'],
    ['2018-13', null],
    ['2024-02-29', 'day'],
    ['2023-02-29', null],
    ['2018-03-01T10:00:00+02:00', 'day'],
    ['2018-03-01T10:00Z', 'day'],
    ['2018-03-01 10:00:00.123', 'day'],
    ['2018-03-01T24:00:00Z', null],
    ['2018-3-1', null],
    ['March 2018', null],
  ];
  for (const [published, want] of cases) assert.equal(precisionOf(published), want, String(published));
});

test('front matter schema: everything optional, unknown keys and disagreements rejected', () => {
  assert.ok(FrontMatterSchema.safeParse({}).success);
  assert.ok(FrontMatterSchema.safeParse({ published: '2022', published_precision: 'year' }).success);
  assert.ok(FrontMatterSchema.safeParse({ published: null, published_precision: null }).success);
  assert.ok(!FrontMatterSchema.safeParse({ published: '2022', published_precision: 'day' }).success);
  assert.ok(!FrontMatterSchema.safeParse({ author: 'x' }).success);
  assert.ok(!FrontMatterSchema.safeParse({ id: '' }).success);
});

test('JSONL schema: id and text required, the rest nullable, no extra keys', () => {
  assert.ok(JsonlRecordSchema.safeParse({ id: 'a', text: 'نص' }).success);
  assert.ok(
    JsonlRecordSchema.safeParse({
      id: 'a',
      title: null,
      source: null,
      published: null,
      url: null,
      text: 'نص',
    }).success,
  );
  assert.ok(!JsonlRecordSchema.safeParse({ id: 'a' }).success);
  assert.ok(!JsonlRecordSchema.safeParse({ text: 'نص' }).success);
  assert.ok(!JsonlRecordSchema.safeParse({ id: 'a', text: 'نص', extra: 1 }).success);
  assert.ok(!JsonlRecordSchema.safeParse({ id: 'a', text: 'نص', language: 'fr' }).success);
});
