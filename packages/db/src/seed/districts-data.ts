/**
 * The 20 demo districts (地区) of Asahikawa (旭川市, municipality code 012041), with approximate
 * centroids and neighbours.
 *
 * Source: /work/shared/data/asahikawa-districts.json (the project's shared design data), copied
 * here as data because the project must never read ../shared at run time. Area names are the
 * city's 地域まちづくり推進協議会 / 支所 areas seen in public minutes. Centroids are APPROXIMATE
 * (read by eye from 町丁目 points, ±1 km) and are for demo distance maths only.
 *
 * The real unit for district volunteer centres is the 地区社会福祉協議会 area (53 in the city):
 * production districts must be importable by council staff, not hard-coded here.
 *
 * Neighbours are listed as in the source. The source is not quite symmetric (旭町・大町 lists 中央,
 * 中央 does not list 旭町・大町); the seed stores the symmetric closure, since adjacency is mutual.
 */

export interface DistrictSeed {
  /** Stable natural key (lower-case ASCII, hyphenated). */
  readonly code: string;
  readonly name: string;
  /** Hepburn as the city writes it, without macrons: 中央 Chuo, 新旭川 Shin-Asahikawa. */
  readonly nameEn: string;
  readonly kana: string;
  readonly lat: number;
  readonly lon: number;
  /** Codes of adjacent districts. */
  readonly neighbours: readonly string[];
}

export const DEMO_DISTRICTS: readonly DistrictSeed[] = [
  {
    code: 'chuo',
    name: '中央',
    nameEn: 'Chuo',
    kana: 'ちゅうおう',
    lat: 43.768,
    lon: 142.365,
    neighbours: ['shin-asahikawa', 'taisei', 'kagura', 'toyooka'],
  },
  {
    code: 'shin-asahikawa',
    name: '新旭川',
    nameEn: 'Shin-Asahikawa',
    kana: 'しんあさひかわ',
    lat: 43.779,
    lon: 142.376,
    neighbours: ['chuo', 'suehiro', 'nagayama', 'toyooka'],
  },
  {
    code: 'taisei',
    name: '大成',
    nameEn: 'Taisei',
    kana: 'たいせい',
    lat: 43.764,
    lon: 142.378,
    neighbours: ['chuo', 'toyooka', 'toko'],
  },
  {
    code: 'nagayama',
    name: '永山',
    nameEn: 'Nagayama',
    kana: 'ながやま',
    lat: 43.8,
    lon: 142.422,
    neighbours: ['shin-asahikawa', 'higashi-takasu', 'higashi-asahikawa', 'suehiro'],
  },
  {
    code: 'higashi-asahikawa',
    name: '東旭川',
    nameEn: 'Higashi-Asahikawa',
    kana: 'ひがしあさひかわ',
    lat: 43.771,
    lon: 142.427,
    neighbours: ['nagayama', 'toyooka', 'toko'],
  },
  {
    code: 'toyooka',
    name: '豊岡',
    nameEn: 'Toyooka',
    kana: 'とよおか',
    lat: 43.763,
    lon: 142.407,
    neighbours: ['chuo', 'taisei', 'higashi-asahikawa', 'toko', 'shin-asahikawa'],
  },
  {
    code: 'toko',
    name: '東光',
    nameEn: 'Toko',
    kana: 'とうこう',
    lat: 43.748,
    lon: 142.405,
    neighbours: ['toyooka', 'taisei', 'midorigaoka', 'higashi-asahikawa'],
  },
  {
    code: 'kagura',
    name: '神楽',
    nameEn: 'Kagura',
    kana: 'かぐら',
    lat: 43.755,
    lon: 142.35,
    neighbours: ['chuo', 'kaguraoka', 'kamui', 'nishi-kagura'],
  },
  {
    code: 'kaguraoka',
    name: '神楽岡',
    nameEn: 'Kaguraoka',
    kana: 'かぐらおか',
    lat: 43.745,
    lon: 142.362,
    neighbours: ['kagura', 'midorigaoka'],
  },
  {
    code: 'midorigaoka',
    name: '緑が丘',
    nameEn: 'Midorigaoka',
    kana: 'みどりがおか',
    lat: 43.731,
    lon: 142.376,
    neighbours: ['kaguraoka', 'toko', 'nishi-kagura'],
  },
  {
    code: 'nishi-kagura',
    name: '西神楽',
    nameEn: 'Nishi-Kagura',
    kana: 'にしかぐら',
    lat: 43.684,
    lon: 142.392,
    neighbours: ['kagura', 'midorigaoka'],
  },
  {
    code: 'kamui',
    name: '神居',
    nameEn: 'Kamui',
    kana: 'かむい',
    lat: 43.757,
    lon: 142.333,
    neighbours: ['kagura', 'chuwa', 'asahimachi'],
  },
  {
    code: 'chuwa',
    name: '忠和',
    nameEn: 'Chuwa',
    kana: 'ちゅうわ',
    lat: 43.78,
    lon: 142.31,
    neighbours: ['kamui', 'asahimachi', 'etanbetsu'],
  },
  {
    code: 'asahimachi',
    name: '旭町・大町',
    nameEn: 'Asahimachi / Omachi',
    kana: 'あさひまち・おおまち',
    lat: 43.789,
    lon: 142.349,
    neighbours: ['chuo', 'kamui', 'chuwa', 'shunko', 'hokusei'],
  },
  {
    code: 'hokusei',
    name: '北星',
    nameEn: 'Hokusei',
    kana: 'ほくせい',
    lat: 43.792,
    lon: 142.362,
    neighbours: ['asahimachi', 'shunko', 'suehiro'],
  },
  {
    code: 'shunko',
    name: '春光',
    nameEn: 'Shunko',
    kana: 'しゅんこう',
    lat: 43.8,
    lon: 142.355,
    neighbours: ['asahimachi', 'hokusei', 'shunkodai', 'suehiro'],
  },
  {
    code: 'shunkodai',
    name: '春光台',
    nameEn: 'Shunkodai',
    kana: 'しゅんこうだい',
    lat: 43.822,
    lon: 142.362,
    neighbours: ['shunko', 'higashi-takasu'],
  },
  {
    code: 'suehiro',
    name: '末広',
    nameEn: 'Suehiro',
    kana: 'すえひろ',
    lat: 43.812,
    lon: 142.387,
    neighbours: ['shunko', 'hokusei', 'shin-asahikawa', 'nagayama', 'higashi-takasu'],
  },
  {
    code: 'higashi-takasu',
    name: '東鷹栖',
    nameEn: 'Higashi-Takasu',
    kana: 'ひがしたかす',
    lat: 43.827,
    lon: 142.41,
    neighbours: ['suehiro', 'shunkodai', 'nagayama'],
  },
  // rural area north-west of the city; centroid is a rough guess
  {
    code: 'etanbetsu',
    name: '江丹別',
    nameEn: 'Etanbetsu',
    kana: 'えたんべつ',
    lat: 43.88,
    lon: 142.27,
    neighbours: ['chuwa'],
  },
];
