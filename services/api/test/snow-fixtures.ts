/** A valid winter registration body; tests override what they examine. */
export const winterBody = (overrides: Record<string, unknown> = {}) => ({
  frontageMetres: 8,
  clearPath: true,
  roofFall: false,
  readyFrom: '07:00',
  readyBy: '10:00',
  thresholdCm: 10,
  accessNotes: '物置にスコップがあります',
  ...overrides,
});
