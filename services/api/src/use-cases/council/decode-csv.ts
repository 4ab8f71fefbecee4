import type { FieldError } from '@sasaeai/contracts';

function decode(encoding: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

const startsWith = (bytes: Uint8Array, ...prefix: number[]) =>
  prefix.every((byte, index) => bytes[index] === byte);

/**
 * The text of a CSV file as a spreadsheet saved it: UTF-16 or UTF-8 by their byte-order mark,
 * otherwise UTF-8 if the bytes are valid UTF-8, otherwise Shift_JIS (Windows-31J, as Excel
 * saves "CSV" on Japanese Windows). Null when the bytes are none of these. Node's TextDecoder
 * implements the WHATWG Encoding Standard, the same decoders browsers use.
 */
export function decodeCsvFile(bytes: Uint8Array): string | null {
  if (startsWith(bytes, 0xff, 0xfe)) return decode('utf-16le', bytes);
  if (startsWith(bytes, 0xfe, 0xff)) return decode('utf-16be', bytes);
  return decode('utf-8', bytes) ?? decode('shift_jis', bytes);
}

export const undecodableCsv: FieldError = {
  field: 'body.csv',
  message: {
    ja: 'ファイルの文字コードを読み取れません。UTF-8 か Shift_JIS（Excel の「CSV」）で保存してください。',
    en: 'The file’s character encoding cannot be read. Save it as UTF-8 or Shift_JIS (Excel’s “CSV”).',
  },
};
