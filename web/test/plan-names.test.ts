import { describe, expect, test } from 'vitest';
import { ownerName, pointText, unitName, withUnit } from '../src/lib/council/format.ts';
import { centreName, indicatorName } from '../src/lib/plan-names.ts';

describe('indicators and centres named in the reader’s language', () => {
  const indicator = { name: '町内会加入率', nameEn: 'Neighbourhood association membership rate' };
  const centre = { name: '中央地区ボランティアセンター', nameEn: 'Chuo District Volunteer Centre' };

  test('Japanese pages show the Japanese name, English pages the English one', () => {
    expect(indicatorName(indicator, 'ja')).toBe('町内会加入率');
    expect(indicatorName(indicator, 'en')).toBe('Neighbourhood association membership rate');
    expect(centreName(centre, 'ja')).toBe('中央地区ボランティアセンター');
    expect(centreName(centre, 'en')).toBe('Chuo District Volunteer Centre');
  });
});

describe('the plan’s units, owners and words in English', () => {
  test('units read as English words, singular for one', () => {
    expect(withUnit(525, '人', 'ja')).toBe('525人');
    expect(withUnit(525, '人', 'en')).toBe('525 people');
    expect(withUnit(1, '件', 'en')).toBe('1 case');
    expect(withUnit(12, 'か所', 'en')).toBe('12 places');
    expect(withUnit(20.4, '%', 'en')).toBe('20.4%');
    expect(unitName('団体', 'en')).toBe('groups');
    expect(unitName('団体', 'ja')).toBe('団体');
    expect(unitName(null, 'en')).toBe('');
  });

  test('owners: the city, the council of social welfare, or both', () => {
    expect(ownerName('市', 'en')).toBe('City');
    expect(ownerName('市社協', 'en')).toBe('Council of Social Welfare');
    expect(ownerName('市・市社協', 'en')).toBe('City and Council of Social Welfare');
    expect(ownerName('市・市社協', 'ja')).toBe('市・市社協');
  });

  test('the plan’s 実施 and 継続 are worded; staff’s own words are shown as typed', () => {
    expect(pointText({ value: null, text: '実施' }, null, 'en')).toBe('Carried out');
    expect(pointText({ value: null, text: '実施' }, null, 'ja')).toBe('実施');
    expect(pointText({ value: null, text: '一部実施' }, null, 'en')).toBe('一部実施');
  });
});
