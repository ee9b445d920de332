import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCourtesyOnly, withoutCourtesy } from '../../src/text/index.js';

/** The words left, spaces squeezed: offsets are kept by blanking, so lengths must not change. */
const left = (text: string) => {
  const out = withoutCourtesy(text);
  assert.equal(out.length, text.length);
  return out.replace(/\s+/g, ' ').trim();
};

describe('withoutCourtesy', () => {
  it('blanks greetings and thanks before the question, and thanks after it', () => {
    assert.equal(left('Hi, what happened at al-Omar?'), ', what happened at al-Omar?');
    assert.equal(left('Hello there! Who is John Brennan?'), '! Who is John Brennan?');
    assert.equal(left('مرحباً، ماذا حدث في حقل العمر؟'), '، ماذا حدث في حقل العمر؟');
    assert.equal(left('السلام عليكم ورحمة الله، شكرا. من هو كيربي؟'), '، . من هو كيربي؟');
    assert.equal(left('What happened at al-Omar? Thanks in advance!'), 'What happened at al-Omar? !');
    assert.equal(left('ماذا حدث في التنف؟ شكرا جزيلا'), 'ماذا حدث في التنف؟');
  });

  it('blanks the words of asking politely anywhere', () => {
    assert.equal(left('Please, what happened at al-Omar?'), ', what happened at al-Omar?');
    assert.equal(left('Can you please tell me who Kirby is?'), 'Can you tell me who Kirby is?');
    assert.equal(left('من فضلك ماذا حدث في حقل العمر؟'), 'ماذا حدث في حقل العمر؟');
    assert.equal(left('ماذا حدث لو سمحت في حقل العمر؟'), 'ماذا حدث في حقل العمر؟');
  });

  it('blanks a request to be told before the question, and words of stress anywhere', () => {
    assert.equal(left('Explain what happened at the Conoco field'), 'what happened at the Conoco field');
    assert.equal(left('Please summarise what happened in Mayadin'), 'what happened in Mayadin');
    assert.equal(left('Hi, can you tell me who Kirby is?'), ', who Kirby is?');
    assert.equal(left('Where exactly is Green Village located?'), 'Where is Green Village located?');
    assert.equal(left('اشرح لي ما حدث في حقل كونيكو'), 'ما حدث في حقل كونيكو');
    assert.equal(left('بدي أعرف شو صار بالميادين بالضبط؟'), 'شو صار بالميادين ؟');
    // A request inside the question is its words: what Kirby was asked to explain.
    assert.equal(left('What did Kirby explain?'), 'What did Kirby explain?');
    // «هل تعلم» is also "does she know": «هل تعلم القوات الأمريكية بالهجوم؟» asks whether US forces knew.
    assert.equal(left('هل تعلم القوات الأمريكية بالهجوم؟'), 'هل تعلم القوات الأمريكية بالهجوم؟');
  });

  it('keeps what the question asks, and courtesy alone as it is', () => {
    // Greetings inside a question are its words; so is a name that begins like one.
    assert.equal(left('What did Kirby say after hello?'), 'What did Kirby say after hello?');
    assert.equal(left('أين تقع قلعة الرحبة؟'), 'أين تقع قلعة الرحبة؟');
    assert.equal(left('Hi-Tech weapons?'), 'Hi-Tech weapons?');
    assert.equal(withoutCourtesy('thanks!'), 'thanks!');
    assert.equal(withoutCourtesy('مرحبا'), 'مرحبا');
  });
});

describe('isCourtesyOnly', () => {
  it('is true for greetings, thanks and farewells, alone or together', () => {
    for (const text of [
      'hi',
      'Hello bot!',
      'ok thanks',
      'thank you so much',
      'مرحباً',
      'شكراً جزيلاً',
      'مع السلامة',
      'hi, thanks!',
    ])
      assert.ok(isCourtesyOnly(text), text);
  });

  it('is false for a question, or nothing at all', () => {
    for (const text of ['hi, what happened?', 'ok, and when was that?', 'مرحبا ماذا حدث في التنف', '', '???'])
      assert.ok(!isCourtesyOnly(text), text);
  });
});
