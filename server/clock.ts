/** Time, injected so tests can move it (90-day erasure, code expiry, rate-limit windows). */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface FakeClock extends Clock {
  advance(ms: number): void;
  set(ms: number): void;
}

export const DAY = 24 * 60 * 60 * 1000;
export const HOUR = 60 * 60 * 1000;
export const MINUTE = 60 * 1000;

/**
 * @example
 * const clock = createFakeClock(Date.parse('2027-01-01T00:00:00Z'));
 * clock.advance(91 * DAY);
 */
export function createFakeClock(start = Date.parse('2027-01-15T09:00:00Z')): FakeClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (ms) => {
      current = ms;
    },
  };
}
