import type { Random } from '@sasaeai/core';

/**
 * Street-address patterns per demo district, so a seeded resident's address lies in the
 * district the request is filed under. The town names are real Asahikawa 町名; the numbers are
 * random and no address refers to a real household.
 *
 * - `jo`: 「永山3条5丁目2-10」 (町 + N条 + M丁目 + 番-号)
 * - `dori`: the city centre grid, 「5条通9丁目3-12」
 * - `sen`: rural grid, 「西神楽4線10号」
 * - `cho`: a plain 町 with 丁目, 「錦町3丁目」
 * - `area`: a rural 町 with a locality and 番地, 「江丹別町中央120番地」
 */
type Town =
  | { kind: 'jo'; town: string; jo: readonly [number, number]; chome: readonly [number, number] }
  | { kind: 'dori'; jo: readonly [number, number]; chome: readonly [number, number] }
  | { kind: 'sen'; town: string; sen: readonly [number, number]; go: readonly [number, number] }
  | { kind: 'cho'; town: string; chome: readonly [number, number] }
  | { kind: 'area'; town: string; localities: readonly string[] };

const TOWNS: Record<string, readonly Town[]> = {
  chuo: [{ kind: 'dori', jo: [1, 10], chome: [6, 16] }],
  'shin-asahikawa': [
    { kind: 'jo', town: '東', jo: [1, 8], chome: [1, 7] },
    { kind: 'cho', town: '金星町', chome: [1, 2] },
  ],
  taisei: [{ kind: 'dori', jo: [1, 8], chome: [17, 23] }],
  nagayama: [{ kind: 'jo', town: '永山', jo: [1, 14], chome: [1, 20] }],
  'higashi-asahikawa': [
    { kind: 'jo', town: '東旭川北', jo: [1, 3], chome: [1, 7] },
    { kind: 'jo', town: '東旭川南', jo: [1, 2], chome: [1, 6] },
  ],
  toyooka: [{ kind: 'jo', town: '豊岡', jo: [1, 16], chome: [1, 10] }],
  toko: [{ kind: 'jo', town: '東光', jo: [1, 27], chome: [1, 8] }],
  kagura: [{ kind: 'jo', town: '神楽', jo: [1, 7], chome: [1, 14] }],
  kaguraoka: [{ kind: 'jo', town: '神楽岡', jo: [1, 16], chome: [1, 7] }],
  midorigaoka: [
    { kind: 'jo', town: '緑が丘東', jo: [1, 5], chome: [1, 4] },
    { kind: 'jo', town: '緑が丘南', jo: [1, 4], chome: [1, 4] },
  ],
  'nishi-kagura': [
    { kind: 'jo', town: '西神楽南', jo: [1, 2], chome: [1, 4] },
    { kind: 'sen', town: '西神楽', sen: [1, 5], go: [2, 30] },
  ],
  kamui: [{ kind: 'jo', town: '神居', jo: [1, 18], chome: [1, 18] }],
  chuwa: [{ kind: 'jo', town: '忠和', jo: [1, 9], chome: [1, 8] }],
  asahimachi: [
    { kind: 'jo', town: '旭町', jo: [1, 2], chome: [1, 18] },
    { kind: 'jo', town: '大町', jo: [1, 3], chome: [1, 17] },
  ],
  hokusei: [
    { kind: 'cho', town: '錦町', chome: [1, 23] },
    { kind: 'jo', town: '川端町', jo: [1, 7], chome: [1, 8] },
  ],
  shunko: [{ kind: 'jo', town: '春光', jo: [1, 7], chome: [1, 10] }],
  shunkodai: [{ kind: 'jo', town: '春光台', jo: [1, 5], chome: [1, 6] }],
  suehiro: [
    { kind: 'jo', town: '末広', jo: [1, 8], chome: [1, 6] },
    { kind: 'jo', town: '末広東', jo: [1, 3], chome: [1, 8] },
  ],
  'higashi-takasu': [
    { kind: 'jo', town: '東鷹栖', jo: [1, 4], chome: [1, 6] },
    { kind: 'sen', town: '東鷹栖', sen: [1, 9], go: [10, 25] },
  ],
  etanbetsu: [{ kind: 'area', town: '江丹別町', localities: ['中央', '芳野', '共和', '清水'] }],
};

function townsOf(districtCode: string): readonly Town[] {
  const towns = TOWNS[districtCode];
  if (!towns || towns.length === 0)
    throw new Error(`no address pattern for district ${districtCode}`);
  return towns;
}

const range = (rng: Random, [min, max]: readonly [number, number]) => rng.int(min, max);

/** A full street address in the district: 「旭川市永山3条5丁目2-10」. */
export function drawAddress(rng: Random, districtCode: string): string {
  const town = rng.pick(townsOf(districtCode));
  const ban = `${rng.int(1, 24)}-${rng.int(1, 30)}`;
  switch (town.kind) {
    case 'jo':
      return `旭川市${town.town}${range(rng, town.jo)}条${range(rng, town.chome)}丁目${ban}`;
    case 'dori':
      return `旭川市${range(rng, town.jo)}条通${range(rng, town.chome)}丁目${ban}`;
    case 'sen':
      return `旭川市${town.town}${range(rng, town.sen)}線${range(rng, town.go)}号${rng.int(1, 40)}番地`;
    case 'cho':
      return `旭川市${town.town}${range(rng, town.chome)}丁目${ban}`;
    case 'area':
      return `旭川市${town.town}${rng.pick(town.localities)}${rng.int(10, 400)}番地`;
  }
}

/**
 * A neighbourhood-association (町内会) name in the district, e.g. 「永山3条」, for helper groups
 * such as 「永山3条町内会 除雪隊」.
 */
export function drawNeighbourhood(rng: Random, districtCode: string): string {
  const town = rng.pick(townsOf(districtCode));
  switch (town.kind) {
    case 'jo':
      return `${town.town}${range(rng, town.jo)}条`;
    case 'dori':
      return `${range(rng, town.jo)}条通${range(rng, town.chome)}丁目`;
    case 'sen':
      return `${town.town}${range(rng, town.sen)}線`;
    case 'cho':
      return `${town.town}${range(rng, town.chome)}丁目`;
    case 'area':
      return `${town.town}${rng.pick(town.localities)}`;
  }
}

/**
 * A fictional Asahikawa (0166) landline. The exchange digits start with 0 (0166-0X-XXXX), which
 * Japan never assigns, so a demo number can never ring a real household.
 */
export function drawPhone(rng: Random): string {
  return `0166-0${rng.int(1, 9)}-${String(rng.int(0, 9999)).padStart(4, '0')}`;
}
