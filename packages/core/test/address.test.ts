import { describe, expect, it } from 'vitest';
import { TOWN_SEEDS } from '../../db/src/seed/towns-data.ts';
import {
  districtForAddress,
  normaliseAddress,
  outsideAsahikawa,
} from '../src/address/district-for-address.ts';

/** The seed town table, as the API loads it from `town_districts`. */
const rules = TOWN_SEEDS;

describe('districtForAddress', () => {
  it.each([
    // 条・丁目 (town + N条 + M丁目)
    ['旭川市永山3条5丁目2-10', 'nagayama'],
    ['永山14条20丁目', 'nagayama'],
    ['旭川市東3条5丁目1-1', 'shin-asahikawa'],
    ['旭川市東旭川北1条6丁目3-4', 'higashi-asahikawa'],
    ['旭川市東旭川南2条1丁目', 'higashi-asahikawa'],
    ['旭川市東旭川町上兵村250番地', 'higashi-asahikawa'],
    ['旭川市豊岡4条2丁目', 'toyooka'],
    ['旭川市東光27条8丁目', 'toko'],
    ['旭川市神楽3条7丁目', 'kagura'],
    ['旭川市神楽岡12条3丁目', 'kaguraoka'],
    ['旭川市緑が丘東3条2丁目', 'midorigaoka'],
    ['旭川市緑が丘南1条4丁目', 'midorigaoka'],
    ['旭川市緑ケ丘南1条4丁目', 'midorigaoka'],
    ['旭川市西神楽南2条3丁目', 'nishi-kagura'],
    ['旭川市神居6条10丁目', 'kamui'],
    ['旭川市忠和5条7丁目', 'chuwa'],
    ['旭川市旭町2条11丁目', 'asahimachi'],
    ['旭川市大町1条9丁目', 'asahimachi'],
    ['旭川市川端町4条8丁目', 'hokusei'],
    ['旭川市春光5条3丁目', 'shunko'],
    ['旭川市春光台3条6丁目', 'shunkodai'],
    ['旭川市末広8条2丁目', 'suehiro'],
    ['旭川市末広東1条8丁目', 'suehiro'],
    ['旭川市東鷹栖3条4丁目', 'higashi-takasu'],
    // 条通 grid: 中央 up to 16丁目, 大成 beyond
    ['旭川市5条通9丁目3-12', 'chuo'],
    ['旭川市1条通16丁目', 'chuo'],
    ['旭川市3条通17丁目', 'taisei'],
    ['旭川市8条通23丁目1-1', 'taisei'],
    // 線・号 rural grid
    ['旭川市西神楽4線10号12番地', 'nishi-kagura'],
    ['旭川市東鷹栖9線15号', 'higashi-takasu'],
    // plain 町 with 丁目
    ['旭川市錦町3丁目', 'hokusei'],
    ['旭川市金星町1丁目5-3', 'shin-asahikawa'],
    // rural 町 with a locality and 番地
    ['旭川市江丹別町中央120番地', 'etanbetsu'],
    ['江丹別町芳野300番地', 'etanbetsu'],
  ])('%s → %s', (address, district) => {
    expect(districtForAddress(address, rules)).toBe(district);
  });

  it('accepts full-width digits, spaces, a prefecture, a postcode and kanji numerals', () => {
    expect(districtForAddress('北海道旭川市永山３条５丁目２－１０', rules)).toBe('nagayama');
    expect(districtForAddress('〒079-8413 北海道旭川市 永山3条5丁目', rules)).toBe('nagayama');
    expect(districtForAddress('旭川市　５条通　１８丁目', rules)).toBe('taisei');
    expect(districtForAddress('旭川市永山三条五丁目', rules)).toBe('nagayama');
    expect(districtForAddress('旭川市五条通十二丁目', rules)).toBe('chuo');
    expect(districtForAddress('旭川市三条通二十丁目', rules)).toBe('taisei');
    expect(districtForAddress('旭川市西神楽四線十号', rules)).toBe('nishi-kagura');
    expect(districtForAddress('旭川永山3条5丁目', rules)).toBe('nagayama');
  });

  it('takes the longest town name that matches', () => {
    // 東旭川北 before 東, 神楽岡 before 神楽, 春光台 before 春光, 緑が丘東 before 緑が丘, 東光/東鷹栖 before 東
    expect(districtForAddress('東旭川北1条1丁目', rules)).toBe('higashi-asahikawa');
    expect(districtForAddress('神楽岡1条1丁目', rules)).toBe('kaguraoka');
    expect(districtForAddress('神楽1条1丁目', rules)).toBe('kagura');
    expect(districtForAddress('春光台1条1丁目', rules)).toBe('shunkodai');
    expect(districtForAddress('春光1条1丁目', rules)).toBe('shunko');
    expect(districtForAddress('末広東1条1丁目', rules)).toBe('suehiro');
    expect(districtForAddress('東光1条1丁目', rules)).toBe('toko');
    expect(districtForAddress('東鷹栖1条1丁目', rules)).toBe('higashi-takasu');
    expect(districtForAddress('東1条1丁目', rules)).toBe('shin-asahikawa');
  });

  it('returns null when the district cannot be told', () => {
    expect(districtForAddress('', rules)).toBeNull();
    expect(districtForAddress('旭川市', rules)).toBeNull();
    // Another municipality, even one whose name starts like an Asahikawa town.
    expect(districtForAddress('北海道札幌市中央区北1条西2丁目', rules)).toBeNull();
    expect(districtForAddress('上川郡東神楽町ひじり野北1条', rules)).toBeNull();
    expect(districtForAddress('東神楽町ひじり野北1条', rules)).toBeNull();
    expect(districtForAddress('鷹栖町南1条', rules)).toBeNull();
    // The city-centre grid needs its 丁目 to tell 中央 from 大成.
    expect(districtForAddress('旭川市5条通', rules)).toBeNull();
    // A town that is not in the table.
    expect(districtForAddress('旭川市パルプ町1条1丁目', rules)).toBeNull();
  });

  it.each([
    ['旭川市宮下通7丁目3-1', 'chuo'],
    ['旭川市宮下通２４丁目', 'chuo'],
    ['旭川市曙1条3丁目', 'chuo'],
    ['旭川市曙北3条5丁目', 'chuo'],
    ['旭川市亀吉2条1丁目', 'taisei'],
    ['旭川市常盤通2丁目', 'chuo'],
    ['旭川市北門町14丁目', 'hokusei'],
    ['旭川市住吉5条2丁目', 'hokusei'],
    ['旭川市新富2条1丁目', 'shin-asahikawa'],
    ['旭川市秋月1条3丁目', 'kamui'],
    ['旭川市旭神2条4丁目', 'midorigaoka'],
    ['旭川市台場1条2丁目', 'chuwa'],
    ['旭川市東鷹栖東2条5丁目', 'higashi-takasu'],
    ['旭川市江丹別町拓北20番地', 'etanbetsu'],
    ['旭川市西神楽北1条4丁目', 'nishi-kagura'],
  ])('seed town %s → %s', (address, district) => {
    expect(districtForAddress(address, rules)).toBe(district);
  });

  it('takes the rules it is given: an edited table moves a town', () => {
    const edited = [
      ...rules.filter((rule) => rule.town !== '亀吉'),
      { town: '亀吉', district: 'toyooka' },
    ];
    expect(districtForAddress('旭川市亀吉2条1丁目', edited)).toBe('toyooka');
    expect(districtForAddress('旭川市亀吉2条1丁目', [])).toBeNull();
    // The grid rule needs no row.
    expect(districtForAddress('旭川市5条通9丁目', [])).toBe('chuo');
  });

  it('tells another municipality from a town the table does not know', () => {
    expect(outsideAsahikawa('北海道札幌市中央区北1条西2丁目')).toBe(true);
    expect(outsideAsahikawa('上川郡東神楽町ひじり野北1条')).toBe(true);
    expect(outsideAsahikawa('旭川市')).toBe(true);
    expect(outsideAsahikawa('旭川市パルプ町1条1丁目')).toBe(false);
    expect(outsideAsahikawa('パルプ町1条1丁目')).toBe(false);
  });

  it('normalises without mangling katakana long vowels', () => {
    expect(normaliseAddress('スノーダンプ 永山３－５')).toBe('スノーダンプ永山3-5');
  });
});
