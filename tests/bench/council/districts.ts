/**
 * The benchmark city has 53 districts, as Asahikawa has 53 地区社会福祉協議会 areas: the 20 seeded
 * districts (packages/db seed data) and 33 more. The extra ones are plausible 地区社協-sized areas
 * named after real Asahikawa 町名 and placed beside the seeded district they split off from
 * (`parent`); their codes, centroids and borders are invented for the benchmark only.
 */
export interface ExtraDistrict {
  code: string;
  name: string;
  kana: string;
  /** The seeded district it borders; its centroid is offset from the parent's. */
  parent: string;
  /** Relative number of residents asking for help (the seeded ones are weighted in places.ts). */
  weight: number;
}

export const EXTRA_DISTRICTS: readonly ExtraDistrict[] = [
  { code: 'nissho', name: '日章', kana: 'にっしょう', parent: 'chuo', weight: 1.2 },
  { code: 'shinmachi', name: '新町', kana: 'しんまち', parent: 'chuo', weight: 1.0 },
  { code: 'chikabumi', name: '近文', kana: 'ちかぶみ', parent: 'asahimachi', weight: 1.3 },
  { code: 'hokumon', name: '北門', kana: 'ほくもん', parent: 'asahimachi', weight: 1.1 },
  { code: 'nishikicho', name: '錦町', kana: 'にしきちょう', parent: 'shunko', weight: 0.9 },
  { code: 'akebono', name: '曙', kana: 'あけぼの', parent: 'chuo', weight: 0.8 },
  { code: 'midorimachi', name: '緑町', kana: 'みどりまち', parent: 'hokusei', weight: 0.9 },
  { code: 'atago', name: '愛宕', kana: 'あたご', parent: 'toyooka', weight: 1.1 },
  { code: 'kamekichi', name: '亀吉', kana: 'かめきち', parent: 'shin-asahikawa', weight: 0.7 },
  { code: 'kinsei', name: '金星', kana: 'きんせい', parent: 'shin-asahikawa', weight: 0.8 },
  { code: 'keimei', name: '啓明', kana: 'けいめい', parent: 'toko', weight: 1.0 },
  { code: 'koryo', name: '向陵', kana: 'こうりょう', parent: 'shunkodai', weight: 0.9 },
  { code: 'chiyoda', name: '千代田', kana: 'ちよだ', parent: 'higashi-takasu', weight: 0.4 },
  { code: 'kyokusei', name: '旭星', kana: 'きょくせい', parent: 'higashi-asahikawa', weight: 0.6 },
  { code: 'higashi-gojo', name: '東五条', kana: 'ひがしごじょう', parent: 'toyooka', weight: 1.0 },
  { code: 'asahi', name: '朝日', kana: 'あさひ', parent: 'asahimachi', weight: 0.8 },
  { code: 'showa', name: '正和', kana: 'しょうわ', parent: 'taisei', weight: 0.9 },
  { code: 'miyamae', name: '宮前', kana: 'みやまえ', parent: 'taisei', weight: 0.7 },
  { code: 'hanasaki', name: '花咲', kana: 'はなさき', parent: 'hokusei', weight: 0.8 },
  { code: 'tokiwa', name: '常盤', kana: 'ときわ', parent: 'chuo', weight: 0.7 },
  { code: 'kawabata', name: '川端', kana: 'かわばた', parent: 'kamui', weight: 0.9 },
  { code: 'sumiyoshi', name: '住吉', kana: 'すみよし', parent: 'suehiro', weight: 0.8 },
  {
    code: 'suehiro-higashi',
    name: '末広東',
    kana: 'すえひろひがし',
    parent: 'suehiro',
    weight: 1.0,
  },
  {
    code: 'nagayama-minami',
    name: '永山南',
    kana: 'ながやまみなみ',
    parent: 'nagayama',
    weight: 1.6,
  },
  { code: 'nagayama-nishi', name: '永山西', kana: 'ながやまにし', parent: 'nagayama', weight: 1.3 },
  { code: 'nagayama-kita', name: '永山北', kana: 'ながやまきた', parent: 'nagayama', weight: 1.1 },
  {
    code: 'toyooka-higashi',
    name: '豊岡東',
    kana: 'とよおかひがし',
    parent: 'toyooka',
    weight: 1.2,
  },
  { code: 'toko-minami', name: '東光南', kana: 'とうこうみなみ', parent: 'toko', weight: 1.1 },
  { code: 'kagura-minami', name: '神楽南', kana: 'かぐらみなみ', parent: 'kagura', weight: 0.9 },
  { code: 'nishi-goryo', name: '西御料', kana: 'にしごりょう', parent: 'kaguraoka', weight: 0.6 },
  { code: 'daiba', name: '台場', kana: 'だいば', parent: 'kamui', weight: 0.3 },
  { code: 'asahioka', name: '旭岡', kana: 'あさひおか', parent: 'higashi-asahikawa', weight: 0.2 },
  { code: 'shugetsu', name: '秋月', kana: 'しゅうげつ', parent: 'chuwa', weight: 0.05 },
];

/**
 * How many residents of each seeded district ask for help, relative to each other. 江丹別 is a
 * small rural area with a handful of requests a year: the public page must hide it.
 */
export const SEEDED_WEIGHTS: Readonly<Record<string, number>> = {
  chuo: 1.4,
  'shin-asahikawa': 1.3,
  taisei: 1.0,
  nagayama: 2.2,
  'higashi-asahikawa': 1.0,
  toyooka: 1.8,
  toko: 1.6,
  kagura: 1.5,
  kaguraoka: 1.1,
  midorigaoka: 1.0,
  'nishi-kagura': 0.4,
  kamui: 1.3,
  chuwa: 0.5,
  asahimachi: 1.1,
  hokusei: 1.2,
  shunko: 1.2,
  shunkodai: 1.3,
  suehiro: 1.5,
  'higashi-takasu': 0.7,
  etanbetsu: 0.004,
};
