import { describe, expect, it } from 'vitest';
import { districtForAddress, normaliseAddress } from '../src/address/district-for-address.ts';

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
    expect(districtForAddress(address)).toBe(district);
  });

  it('accepts full-width digits, spaces, a prefecture, a postcode and kanji numerals', () => {
    expect(districtForAddress('北海道旭川市永山３条５丁目２－１０')).toBe('nagayama');
    expect(districtForAddress('〒079-8413 北海道旭川市 永山3条5丁目')).toBe('nagayama');
    expect(districtForAddress('旭川市　５条通　１８丁目')).toBe('taisei');
    expect(districtForAddress('旭川市永山三条五丁目')).toBe('nagayama');
    expect(districtForAddress('旭川市五条通十二丁目')).toBe('chuo');
    expect(districtForAddress('旭川市三条通二十丁目')).toBe('taisei');
    expect(districtForAddress('旭川市西神楽四線十号')).toBe('nishi-kagura');
    expect(districtForAddress('旭川永山3条5丁目')).toBe('nagayama');
  });

  it('takes the longest town name that matches', () => {
    // 東旭川北 before 東, 神楽岡 before 神楽, 春光台 before 春光, 緑が丘東 before 緑が丘, 東光/東鷹栖 before 東
    expect(districtForAddress('東旭川北1条1丁目')).toBe('higashi-asahikawa');
    expect(districtForAddress('神楽岡1条1丁目')).toBe('kaguraoka');
    expect(districtForAddress('神楽1条1丁目')).toBe('kagura');
    expect(districtForAddress('春光台1条1丁目')).toBe('shunkodai');
    expect(districtForAddress('春光1条1丁目')).toBe('shunko');
    expect(districtForAddress('末広東1条1丁目')).toBe('suehiro');
    expect(districtForAddress('東光1条1丁目')).toBe('toko');
    expect(districtForAddress('東鷹栖1条1丁目')).toBe('higashi-takasu');
    expect(districtForAddress('東1条1丁目')).toBe('shin-asahikawa');
  });

  it('returns null when the district cannot be told', () => {
    expect(districtForAddress('')).toBeNull();
    expect(districtForAddress('旭川市')).toBeNull();
    // Another municipality, even one whose name starts like an Asahikawa town.
    expect(districtForAddress('北海道札幌市中央区北1条西2丁目')).toBeNull();
    expect(districtForAddress('上川郡東神楽町ひじり野北1条')).toBeNull();
    expect(districtForAddress('東神楽町ひじり野北1条')).toBeNull();
    expect(districtForAddress('鷹栖町南1条')).toBeNull();
    // The city-centre grid needs its 丁目 to tell 中央 from 大成.
    expect(districtForAddress('旭川市5条通')).toBeNull();
    // A town that is not in the table.
    expect(districtForAddress('旭川市パルプ町1条1丁目')).toBeNull();
  });

  it('normalises without mangling katakana long vowels', () => {
    expect(normaliseAddress('スノーダンプ 永山３－５')).toBe('スノーダンプ永山3-5');
  });
});
