import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSmallTalk, metaQuestion } from '../../src/bot/small-talk.js';

describe('metaQuestion', () => {
  it('recognises questions about the bot, in English and Arabic, as the command that answers them', () => {
    const cases: [string, string][] = [
      ['help', 'help'],
      ['Help!', 'help'],
      ['What can you do?', 'help'],
      ['who are you?', 'help'],
      ['How does this work?', 'help'],
      ['What sources do you use?', 'sources'],
      ['What are your sources?', 'sources'],
      ['How many articles do you have?', 'about'],
      ['مساعدة', 'help'],
      ['مساعده', 'help'],
      ['ماذا تستطيع أن تفعل؟', 'help'],
      ['ماذا تستطيع ان تفعل', 'help'],
      ['من أنت؟', 'help'],
      ['كيف تعمل؟', 'help'],
      ['ما هي مصادرك؟', 'sources'],
      ['ما هى مصادرك', 'sources'],
      ['ماهي مصادرك؟', 'sources'],
    ];
    for (const [text, expected] of cases) assert.equal(metaQuestion(text), expected, text);
  });

  it('looks past greetings, thanks, "please" and the bot’s name around the question', () => {
    assert.equal(metaQuestion('Hi, what can you do?'), 'help');
    assert.equal(metaQuestion('Hello there! What sources do you use? Thanks'), 'sources');
    assert.equal(metaQuestion('@IncidentQABot who are you?'), 'help');
    assert.equal(metaQuestion('help please'), 'help');
    assert.equal(metaQuestion('مرحبا، من أنت؟'), 'help');
    assert.equal(metaQuestion('السلام عليكم، ما هي مصادرك؟ شكرا'), 'sources');
    assert.equal(metaQuestion('من فضلك، ماذا تستطيع أن تفعل؟'), 'help');
  });

  it('leaves real questions that share its words to the search', () => {
    for (const text of [
      'What sources reported the attack on Conoco?',
      'What can you tell me about the Tanf base?',
      'Who are the Fatemiyoun?',
      'How does the coalition respond to rocket attacks?',
      'help for the wounded at al-Omar?',
      'What did the sources say about al-Mayadin?',
      'ما هي مصادر الهجوم على حقل العمر؟',
      'من أنت حتى تهاجم القاعدة؟',
      'ماذا تستطيع القوات الأمريكية أن تفعل في التنف؟',
      'كيف تعمل الطائرات المسيرة؟',
      'مساعدة الجرحى في الميادين',
      // Courtesy alone is small talk, not a question about the bot.
      'hi',
      'شكرا',
      '👍',
      '',
    ]) {
      assert.equal(metaQuestion(text), null, text);
    }
  });

  it('is not small talk, which stays greetings, thanks and messages without letters', () => {
    assert.equal(isSmallTalk('What can you do?'), false);
    assert.equal(isSmallTalk('ما هي مصادرك؟'), false);
    assert.equal(isSmallTalk('Hi @IncidentQABot'), true);
  });
});
