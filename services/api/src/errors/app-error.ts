import type { BilingualText, ErrorCode, FieldError } from '@sasaeai/contracts';

const statusByCode: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  cross_origin: 403,
  not_found: 404,
  link_invalid: 404,
  link_used: 410,
  link_expired: 410,
  conflict: 409,
  offer_closed: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  busy: 503,
};

const defaultMessages: Record<ErrorCode, BilingualText> = {
  validation_failed: { ja: '入力内容を確認してください。', en: 'Please check what you entered.' },
  unauthenticated: { ja: 'ログインしてください。', en: 'Please log in.' },
  invalid_credentials: {
    ja: 'メールアドレスかパスワードがちがいます。',
    en: 'The email address or password is wrong.',
  },
  forbidden: { ja: 'この操作はできません。', en: 'You are not allowed to do this.' },
  cross_origin: {
    ja: '別のサイトからの送信は受け付けられません。',
    en: 'Requests from another site are not accepted.',
  },
  not_found: { ja: '見つかりません。', en: 'Not found.' },
  conflict: { ja: 'すでに登録されています。', en: 'This already exists.' },
  link_invalid: {
    ja: 'このリンクは使えません。届いたメールのリンクを、そのまま開いてください。',
    en: 'This link does not work. Please open the link exactly as it came in the message.',
  },
  link_used: { ja: 'このリンクは、もう使われています。', en: 'This link has already been used.' },
  link_expired: { ja: 'このリンクは、期限が切れています。', en: 'This link has expired.' },
  offer_closed: {
    ja: 'この依頼は、もう受け付けを終えています。',
    en: 'This offer is no longer open.',
  },
  payload_too_large: { ja: '送信内容が大きすぎます。', en: 'The request is too large.' },
  unsupported_media_type: {
    ja: 'この形式の送信には対応していません。',
    en: 'This content type is not supported.',
  },
  rate_limited: {
    ja: '回数が多すぎます。しばらく待ってからもう一度お試しください。',
    en: 'Too many attempts. Please wait a while and try again.',
  },
  unavailable: {
    ja: 'いま 混み合っているか 点検中です。1分ほど 待ってから、もう一度お試しください。',
    en: 'The service is briefly unavailable. Please try again in a minute.',
  },
  busy: {
    ja: 'いま とても 混み合っています。少し 待ってから、もう一度 お試しください。お急ぎの ときは、センターに お電話ください。',
    en: 'We are very busy right now. Please try again in a moment, or phone your centre if it is urgent.',
  },
  internal: {
    ja: 'システムで問題が起きました。時間をおいてお試しください。',
    en: 'Something went wrong on our side. Please try again later.',
  },
};

/** A domain error: its code decides the HTTP status and the message the user sees. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly text: BilingualText = defaultMessages[code],
    readonly fields?: FieldError[],
    /** Sent as `Retry-After` (429, 503). */
    readonly retryAfterSeconds?: number,
  ) {
    super(text.en);
    this.status = statusByCode[code];
  }
}

export function messageFor(code: ErrorCode): BilingualText {
  return defaultMessages[code];
}

export function statusFor(code: ErrorCode): number {
  return statusByCode[code];
}

/** A 400 naming one field, worded in both languages. */
export function fieldError(field: string, ja: string, en: string): AppError {
  return new AppError('validation_failed', undefined, [{ field, message: { ja, en } }]);
}
