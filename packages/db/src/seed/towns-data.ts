/**
 * The town (町名) → district table the seed loads into `town_districts`; council staff edit it
 * afterwards at /council/towns (or import a CSV), so this file is only the starting point.
 *
 * Town names are Asahikawa 町名 as written in addresses, without 条・丁目・線・号: 「永山」 covers
 * 永山1条〜14条 and 永山町, 「東旭川」 covers 東旭川北・南 and 東旭川町… (the longest matching name
 * wins, so 東旭川北 or 神楽岡 may be listed apart). The city-centre grid 「N条通M丁目」 is a rule
 * in core, not a row. Each town is assigned to the NEAREST of the 20 demo districts (the real
 * 地区社協 areas are finer); assignments away from a district's core are approximate and are
 * exactly what the centre is expected to correct. Compiled by hand from the city's 町名;
 * パルプ町 and other industrial towns without residents are left for staff to add.
 *
 * Columns: town, reading (hiragana), district code, needsJo (the name alone is too short to
 * trust: 「東」 is also the start of 東神楽町, a neighbouring town).
 */
export interface TownSeed {
  readonly town: string;
  readonly kana: string;
  readonly district: string;
  readonly needsJo?: boolean;
}

type Row = readonly [town: string, kana: string, district: string, needsJo?: true];

const ROWS: readonly Row[] = [
  // 中央 (city centre; the 条通 grid up to 16丁目 is a core rule)
  ['宮下通', 'みやしたどおり', 'chuo'],
  ['常盤通', 'ときわどおり', 'chuo'],
  ['上常盤町', 'かみときわちょう', 'chuo'],
  ['中常盤町', 'なかときわちょう', 'chuo'],
  ['常盤公園', 'ときわこうえん', 'chuo'],
  ['曙', 'あけぼの', 'chuo'],
  ['曙北', 'あけぼのきた', 'chuo'],
  ['宮前', 'みやまえ', 'chuo'],
  ['宮前通', 'みやまえどおり', 'chuo'],
  ['宮前通東', 'みやまえどおりひがし', 'chuo'],
  ['宮前通西', 'みやまえどおりにし', 'chuo'],
  // 大成 (east of the centre)
  ['亀吉', 'かめきち', 'taisei'],
  ['大雪通', 'たいせつどおり', 'taisei'],
  // 新旭川
  ['東', 'ひがし', 'shin-asahikawa', true],
  ['金星町', 'きんせいちょう', 'shin-asahikawa'],
  ['新富', 'しんとみ', 'shin-asahikawa'],
  // 永山
  ['永山', 'ながやま', 'nagayama'],
  ['永山町', 'ながやまちょう', 'nagayama'],
  ['永山北', 'ながやまきた', 'nagayama'],
  ['流通団地', 'りゅうつうだんち', 'nagayama'],
  ['工業団地', 'こうぎょうだんち', 'nagayama'],
  // 東旭川
  ['東旭川', 'ひがしあさひかわ', 'higashi-asahikawa'],
  ['東旭川北', 'ひがしあさひかわきた', 'higashi-asahikawa'],
  ['東旭川南', 'ひがしあさひかわみなみ', 'higashi-asahikawa'],
  ['東旭川町', 'ひがしあさひかわちょう', 'higashi-asahikawa'],
  // 豊岡
  ['豊岡', 'とよおか', 'toyooka'],
  // 東光
  ['東光', 'とうこう', 'toko'],
  // 神楽
  ['神楽', 'かぐら', 'kagura'],
  ['西御料', 'にしごりょう', 'kagura'],
  // 神楽岡
  ['神楽岡', 'かぐらおか', 'kaguraoka'],
  ['神楽岡公園', 'かぐらおかこうえん', 'kaguraoka'],
  // 緑が丘
  ['緑が丘', 'みどりがおか', 'midorigaoka'],
  ['緑が丘東', 'みどりがおかひがし', 'midorigaoka'],
  ['緑が丘南', 'みどりがおかみなみ', 'midorigaoka'],
  ['南が丘', 'みなみがおか', 'midorigaoka'],
  ['旭神', 'きょくしん', 'midorigaoka'],
  ['旭神町', 'きょくしんちょう', 'midorigaoka'],
  // 西神楽
  ['西神楽', 'にしかぐら', 'nishi-kagura'],
  ['西神楽南', 'にしかぐらみなみ', 'nishi-kagura'],
  ['西神楽北', 'にしかぐらきた', 'nishi-kagura'],
  // 神居
  ['神居', 'かむい', 'kamui'],
  ['神居町', 'かむいちょう', 'kamui'],
  ['秋月', 'あきづき', 'kamui'],
  ['高砂台', 'たかさごだい', 'kamui'],
  ['神居町雨紛', 'かむいちょううぶん', 'kamui'],
  ['神居町富沢', 'かむいちょうとみさわ', 'kamui'],
  ['神居町神居古潭', 'かむいちょうかむいこたん', 'kamui'],
  // 忠和
  ['忠和', 'ちゅうわ', 'chuwa'],
  ['台場', 'だいば', 'chuwa'],
  ['緑町', 'みどりまち', 'chuwa'],
  // 旭町・大町
  ['旭町', 'あさひまち', 'asahimachi'],
  ['大町', 'おおまち', 'asahimachi'],
  ['本町', 'ほんちょう', 'asahimachi'],
  ['新町', 'しんまち', 'asahimachi'],
  ['花咲町', 'はなさきちょう', 'asahimachi'],
  // 北星
  ['錦町', 'にしきまち', 'hokusei'],
  ['川端町', 'かわばたちょう', 'hokusei'],
  ['北門町', 'ほくもんちょう', 'hokusei'],
  ['住吉', 'すみよし', 'hokusei'],
  ['近文町', 'ちかぶみちょう', 'hokusei'],
  // 春光・春光台
  ['春光', 'しゅんこう', 'shunko'],
  ['春光町', 'しゅんこうちょう', 'shunko'],
  ['春光台', 'しゅんこうだい', 'shunkodai'],
  ['旭岡', 'あさひおか', 'shunkodai'],
  // 末広
  ['末広', 'すえひろ', 'suehiro'],
  ['末広東', 'すえひろひがし', 'suehiro'],
  // 東鷹栖
  ['東鷹栖', 'ひがしたかす', 'higashi-takasu'],
  ['東鷹栖東', 'ひがしたかすひがし', 'higashi-takasu'],
  ['東鷹栖町', 'ひがしたかすちょう', 'higashi-takasu'],
  // 江丹別
  ['江丹別町', 'えたんべつちょう', 'etanbetsu'],
];

export const TOWN_SEEDS: readonly TownSeed[] = ROWS.map(([town, kana, district, needsJo]) => ({
  town,
  kana,
  district,
  ...(needsJo ? { needsJo: true } : {}),
}));
