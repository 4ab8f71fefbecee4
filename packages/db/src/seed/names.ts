import type { Random } from '@sasaeai/core';

/**
 * Name lists for the demo seed. Every person and group in the demo data is fictional; any
 * resemblance to a real person is chance. Surnames lean to those common in Hokkaido.
 */

type Entry = readonly [kanji: string, kana: string];

export const SURNAMES: readonly Entry[] = [
  ['佐藤', 'さとう'],
  ['高橋', 'たかはし'],
  ['佐々木', 'ささき'],
  ['鈴木', 'すずき'],
  ['伊藤', 'いとう'],
  ['田中', 'たなか'],
  ['渡辺', 'わたなべ'],
  ['工藤', 'くどう'],
  ['斎藤', 'さいとう'],
  ['吉田', 'よしだ'],
  ['小林', 'こばやし'],
  ['山本', 'やまもと'],
  ['加藤', 'かとう'],
  ['中村', 'なかむら'],
  ['阿部', 'あべ'],
  ['木村', 'きむら'],
  ['山田', 'やまだ'],
  ['菅原', 'すがわら'],
  ['三浦', 'みうら'],
  ['千葉', 'ちば'],
  ['村上', 'むらかみ'],
  ['松本', 'まつもと'],
  ['石川', 'いしかわ'],
  ['長谷川', 'はせがわ'],
  ['成田', 'なりた'],
  ['小野寺', 'おのでら'],
  ['今井', 'いまい'],
  ['森', 'もり'],
  ['池田', 'いけだ'],
  ['清水', 'しみず'],
  ['太田', 'おおた'],
  ['藤田', 'ふじた'],
  ['山口', 'やまぐち'],
  ['岡田', 'おかだ'],
  ['菊地', 'きくち'],
  ['後藤', 'ごとう'],
  ['近藤', 'こんどう'],
  ['坂本', 'さかもと'],
  ['大西', 'おおにし'],
  ['熊谷', 'くまがい'],
  ['野口', 'のぐち'],
  ['西村', 'にしむら'],
];

/** Given names; `older` marks names typical of people now in their seventies or older. */
export const GIVEN_NAMES: readonly (readonly [kanji: string, kana: string, older: boolean])[] = [
  // older generation
  ['和子', 'かずこ', true],
  ['幸子', 'さちこ', true],
  ['節子', 'せつこ', true],
  ['洋子', 'ようこ', true],
  ['弘子', 'ひろこ', true],
  ['恵子', 'けいこ', true],
  ['京子', 'きょうこ', true],
  ['トシ子', 'としこ', true],
  ['ハル', 'はる', true],
  ['キヨ', 'きよ', true],
  ['久美子', 'くみこ', true],
  ['美智子', 'みちこ', true],
  ['悦子', 'えつこ', true],
  ['正男', 'まさお', true],
  ['清', 'きよし', true],
  ['勇', 'いさむ', true],
  ['茂', 'しげる', true],
  ['博', 'ひろし', true],
  ['実', 'みのる', true],
  ['進', 'すすむ', true],
  ['武', 'たけし', true],
  ['昭二', 'しょうじ', true],
  ['哲夫', 'てつお', true],
  ['和夫', 'かずお', true],
  ['義雄', 'よしお', true],
  // middle and younger generations
  ['誠', 'まこと', false],
  ['隆', 'たかし', false],
  ['健一', 'けんいち', false],
  ['浩二', 'こうじ', false],
  ['大輔', 'だいすけ', false],
  ['拓也', 'たくや', false],
  ['翔太', 'しょうた', false],
  ['健太', 'けんた', false],
  ['直樹', 'なおき', false],
  ['雄太', 'ゆうた', false],
  ['蓮', 'れん', false],
  ['大翔', 'ひろと', false],
  ['悠真', 'ゆうま', false],
  ['湊', 'みなと', false],
  ['陽斗', 'はると', false],
  ['亮', 'りょう', false],
  ['智也', 'ともや', false],
  ['裕子', 'ゆうこ', false],
  ['真由美', 'まゆみ', false],
  ['直美', 'なおみ', false],
  ['由美子', 'ゆみこ', false],
  ['明美', 'あけみ', false],
  ['智子', 'ともこ', false],
  ['恵', 'めぐみ', false],
  ['美穂', 'みほ', false],
  ['彩', 'あや', false],
  ['麻衣', 'まい', false],
  ['舞', 'まい', false],
  ['陽菜', 'ひな', false],
  ['結衣', 'ゆい', false],
  ['葵', 'あおい', false],
  ['美咲', 'みさき', false],
  ['さくら', 'さくら', false],
  ['七海', 'ななみ', false],
  ['莉子', 'りこ', false],
  ['千尋', 'ちひろ', false],
];

export interface PersonName {
  /** "佐藤 和子" (family name first, as Japanese forms expect). */
  name: string;
  kana: string;
}

/**
 * Draws names that are unique within one `taken` set, so the demo never shows two different
 * people with the same name.
 */
export function drawName(
  rng: Random,
  taken: Set<string>,
  generation: 'older' | 'younger' | 'any' = 'any',
): PersonName {
  const given =
    generation === 'any'
      ? GIVEN_NAMES
      : GIVEN_NAMES.filter(([, , older]) => older === (generation === 'older'));
  for (let attempt = 0; attempt < 1000; attempt++) {
    const [family, familyKana] = rng.pick(SURNAMES);
    const [first, firstKana] = rng.pick(given);
    const name = `${family} ${first}`;
    if (taken.has(name)) continue;
    taken.add(name);
    return { name, kana: `${familyKana} ${firstKana}` };
  }
  throw new Error('ran out of unique demo names');
}

/** Fictional companies that volunteer staff for snow clearing and other help. */
export const COMPANY_GROUPS: readonly string[] = [
  '北旭建設株式会社 除雪ボランティア班',
  '株式会社大雪ホーム 社会貢献チーム',
  'あさひ運輸株式会社 ささえあいクラブ',
  '旭北電設株式会社 ボランティア部',
  '株式会社石狩川造園 地域応援隊',
  '道北ケアサービス有限会社 ボランティア会',
  '株式会社ななかまど住宅 雪はね隊',
  'カムイ信用組合 職員ボランティア',
];

/** Fictional schools and universities with volunteer clubs. */
export const SCHOOL_GROUPS: readonly string[] = [
  '旭川みなみ高校 ボランティア部',
  '大雪学園高校 除雪ボランティア同好会',
  '旭川あさひ大学 地域ささえあいサークル',
  '北都医療大学 雪はねサークル',
  '旭川ななかまど高校 JRC部',
  '道北工業高校 ボランティア同好会',
];

/** Names for neighbourhood-association helper groups, e.g. 「永山3条町内会 除雪隊」. */
export const NEIGHBOURHOOD_GROUP_SUFFIXES: readonly (readonly [string, number])[] = [
  ['除雪隊', 6],
  ['ささえあい隊', 2],
  ['見守り隊', 1],
  ['雪はね隊', 2],
];
