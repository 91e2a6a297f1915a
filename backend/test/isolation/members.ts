import type { IsolationFixture } from './fixtures.js';

/** Business B's members rows for the generated isolation test. */
export const membersIsolation: IsolationFixture = {
  async seed() {
    return {};
  },
};
