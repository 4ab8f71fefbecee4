import { describe, expect, it } from 'vitest';
import { callScript, spokenWindow } from '../src/call-script.ts';

const start = new Date('2026-12-04T08:00:00+09:00');
const end = new Date('2026-12-04T11:00:00+09:00');

describe('callScript', () => {
  it('tells a resident who is coming and when, in plain Japanese, checking who answered', () => {
    const script = callScript({
      eventType: 'match.accepted',
      personName: '旭川 花子',
      category: 'snow',
      windowStart: start,
      windowEnd: end,
      helperName: '山田',
    });
    expect(script.why).toBe('利用者の 方に、手伝う 人が 決まったと 伝える 電話です。');
    expect(script.say[0]).toBe(
      '旭川 花子さんの お宅ですか。ささえあい（地区ボランティアセンター）です。',
    );
    expect(script.say).toContain('山田さんが 12月4日(金) 8:00から 11:00までに 雪かきに 行きます。');
    expect(script.say.at(-1)).toContain('センターに 電話');
  });

  it('has words for each event someone may be phoned about', () => {
    for (const eventType of [
      'match.offered',
      'offer.expiring',
      'match.withdrawn',
      'task.changed',
      'task.reminder',
      'thanks.received',
      'match.declined',
    ] as const) {
      const script = callScript({
        eventType,
        personName: '鈴木',
        category: 'weeding',
        windowStart: start,
        windowEnd: end,
        helperName: null,
      });
      expect(script.say.length, eventType).toBeGreaterThanOrEqual(3);
      expect(script.why, eventType).not.toBe('お知らせを 伝える 電話です。');
    }
  });

  it('says a long window by its start only, and copes with no window', () => {
    expect(spokenWindow(start, new Date(start.getTime() + 48 * 3_600_000))).toBe(
      '12月4日(金) 8:00から',
    );
    expect(spokenWindow(null, null)).toBe('お約束の 日');
  });
});
