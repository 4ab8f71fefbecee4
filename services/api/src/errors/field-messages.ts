import type { BilingualText } from '@sasaeai/contracts';

/** The parts of a zod issue that decide how to word it for a person. */
export interface IssueLike {
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

const custom: Record<string, BilingualText> = {
  invalid_email: {
    ja: 'メールアドレスの形が正しくありません。',
    en: 'This is not a valid email address.',
  },
  consent_required: {
    ja: '電話でプライバシーの説明をし、同意を得てからチェックを入れてください。',
    en: 'Read the privacy notice to the person and tick once they agree.',
  },
  privacy_consent_required: {
    ja: 'プライバシーの説明を読み、同意にチェックを入れてください。',
    en: 'Read the privacy notice and tick to agree.',
  },
  season_year: {
    ja: '冬の年度は 西暦4桁で 入力してください（例：2026）。',
    en: 'Enter the season as a four-digit year (e.g. 2026).',
  },
  fee_class_code: {
    ja: '区分コードは 半角英数字・ハイフン・下線の 20文字以内で 入力してください。',
    en: 'A class code is up to 20 letters, digits, hyphens or underscores.',
  },
  district_code_format: {
    ja: '地区コードは半角英小文字・数字・ハイフンで入力してください。',
    en: 'A district code uses lower-case letters, digits and hyphens.',
  },
  phone_format: {
    ja: '電話番号は 数字と ハイフンで 入力してください（例：0166-12-3456）。',
    en: 'Enter the phone number in digits and hyphens (e.g. 0166-12-3456).',
  },
  coordinator_needs_district: {
    ja: 'コーディネーター・民生委員には担当地区が必要です。',
    en: 'A coordinator or 民生委員 needs at least one district.',
  },
  window_order: {
    ja: '終わりの時刻は始まりより後にしてください。',
    en: 'The end time must be after the start time.',
  },
  indicator_value_required: {
    ja: '値を入力してください。',
    en: 'Enter the value.',
  },
  text_control_character: {
    ja: '使えない制御文字（NULなど）が含まれています。',
    en: 'This contains a control character (such as NUL) that cannot be used.',
  },
  text_malformed: {
    ja: '文字化けした文字が含まれています。',
    en: 'This contains a broken character (a lone surrogate).',
  },
  date_range_order: {
    ja: '終わりの日は始まりの日以降にしてください。',
    en: 'The end date must not be before the start date.',
  },
  nothing_to_change: {
    ja: '変える 項目を 入力してください。',
    en: 'Enter what to change.',
  },
  indicator_value_number: {
    ja: '値は数字で入力してください（例：525、20.4）。',
    en: 'Enter the value as a number (e.g. 525 or 20.4).',
  },
  report_month: {
    ja: '月は 西暦4桁と 月2桁で 入力してください（例：2026-12）。',
    en: 'Enter the month as year and month (e.g. 2026-12).',
  },
  month_or_year: {
    ja: '月か 年度の どちらか 一つを 選んでください。',
    en: 'Choose either a month or a fiscal year, not both.',
  },
};

function sizeText(params: Record<string, unknown>, kind: 'min' | 'max'): BilingualText {
  const limit = Number(kind === 'min' ? params.minimum : params.maximum);
  const origin = params.origin;
  if (origin === 'string') {
    return kind === 'min'
      ? limit <= 1
        ? { ja: '入力してください。', en: 'This field is required.' }
        : { ja: `${limit}文字以上で入力してください。`, en: `Use at least ${limit} characters.` }
      : { ja: `${limit}文字以内で入力してください。`, en: `Use at most ${limit} characters.` };
  }
  if (origin === 'array' || origin === 'set') {
    return kind === 'min'
      ? { ja: `${limit}つ以上選んでください。`, en: `Choose at least ${limit}.` }
      : { ja: `${limit}つまで選べます。`, en: `Choose at most ${limit}.` };
  }
  return kind === 'min'
    ? { ja: `${limit}以上にしてください。`, en: `Must be at least ${limit}.` }
    : { ja: `${limit}以下にしてください。`, en: `Must be at most ${limit}.` };
}

/** Words a validation issue in plain Japanese and English. */
export function fieldMessage(issue: IssueLike): BilingualText {
  const params = issue.params ?? {};
  if (issue.message && custom[issue.message]) return custom[issue.message]!;
  switch (issue.keyword) {
    case 'too_small':
      return sizeText(params, 'min');
    case 'too_big':
      return sizeText(params, 'max');
    case 'invalid_type':
      return params.input === undefined
        ? { ja: '入力してください。', en: 'This field is required.' }
        : { ja: '値の種類が正しくありません。', en: 'This value has the wrong type.' };
    case 'invalid_value':
    case 'invalid_enum_value':
      return { ja: '選べない値です。', en: 'This is not one of the allowed choices.' };
    case 'invalid_format':
      return params.format === 'email'
        ? custom.invalid_email!
        : { ja: '形式が正しくありません。', en: 'This is not in the expected format.' };
    case 'unrecognized_keys':
      return { ja: '不明な項目があります。', en: 'There are unknown fields.' };
    default:
      return { ja: '入力内容を確認してください。', en: 'Please check this value.' };
  }
}
