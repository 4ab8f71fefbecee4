/** Keys that hold personal data wherever they appear in something logged. */
const personalKeys = [
  'email',
  'password',
  'passwordHash',
  'currentPassword',
  'newPassword',
  'displayName',
  'fullName',
  'fullNameKana',
  'representativeName',
  'phone',
  'address',
  'notes',
  'sensitiveNotes',
  'wellbeingNote',
  'note',
  'csv',
];

/**
 * pino `redact` paths for both services: credentials, and personal data under any of the keys
 * above up to three levels deep (pino has no recursive wildcard, so each depth is listed).
 */
export const logRedactPaths: string[] = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'body',
  '*.body',
  ...personalKeys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];
