import type TestAgent from 'supertest/lib/agent.js';
import type { AppDeps } from '../../src/core/deps.js';

/** What a domain's isolation fixture gets: business B, its owner's agent and a POST helper that expects success. */
export interface IsolationB {
  deps: AppDeps;
  tenantB: string;
  agentB: TestAgent;
  postB: (url: string, body: object) => Promise<Record<string, unknown>>;
}

/**
 * A domain seeds business B's rows through B's own API (names containing
 * "Secreto", so a leak is caught) and returns, per route prefix, the id to
 * put in the route's first parameter. `verifyUnchanged` runs after every
 * route has been probed by business A and asserts B's rows are untouched.
 */
export interface IsolationFixture {
  seed(b: IsolationB): Promise<Record<string, string>>;
  verifyUnchanged?(b: IsolationB): Promise<void>;
}
