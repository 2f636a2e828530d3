import { parseGoDuration } from '../../../src/config/go-duration';

describe('parseGoDuration', () => {
  it.each([
    ['168h', 168 * 3_600_000],
    ['1h30m', 90 * 60_000],
    ['10s', 10_000],
    ['1.5s', 1500],
    ['250ms', 250],
    ['0', 0],
  ])('%s → %d ms', (text, ms) => {
    expect(parseGoDuration(text)).toBe(ms);
  });

  it.each(['', 'h', '10', '10 s', '1d', 'a week'])('rejects %j', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});
