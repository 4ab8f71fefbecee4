/** The cookie holding the chosen UI language (not secret, readable by nothing but us). */
export const LANG_COOKIE = 'lang';
export const LANG_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;
