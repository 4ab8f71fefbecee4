import { describe, expect, it } from 'vitest';
import { districtNameFromCode } from '../src/district-name.ts';

describe('districtNameFromCode', () => {
  it('capitalises each hyphenated part of the romanised code', () => {
    expect(districtNameFromCode('chuo')).toBe('Chuo');
    expect(districtNameFromCode('shin-asahikawa')).toBe('Shin-Asahikawa');
    expect(districtNameFromCode('higashi-takasu')).toBe('Higashi-Takasu');
  });

  it('leaves digits as they are', () => {
    expect(districtNameFromCode('area-2')).toBe('Area-2');
  });
});
