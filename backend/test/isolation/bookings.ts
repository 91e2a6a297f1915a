import type { IsolationFixture } from './fixtures.js';

/** Business B's bookings rows for the generated isolation test. */
export const bookingsIsolation: IsolationFixture = {
  async seed() {
    return {};
  },
};
