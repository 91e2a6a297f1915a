/**
 * Opening a shift in a currency the grid does not list: the one total typed in goes as a request
 * the real API takes, and the shift opens with that float.
 */
import { describe, expect, it } from 'vitest';
import { ownerAgent } from '../../../../backend/test/helpers';
import { denominationsOf, wholeFloatRequest } from './denominations';

describe('a float counted as one total', () => {
  it('opens the shift with the total typed in, for a currency with no grid', async () => {
    expect(denominationsOf('PEN')).toEqual([]);
    const { agent } = await ownerAgent();
    const res = await agent
      .post('/api/shifts')
      .send({ id: crypto.randomUUID(), ...wholeFloatRequest(12_345) })
      .expect(201);
    expect(res.body.openingFloat).toBe(12_345);
    const report = await agent.get(`/api/shifts/${res.body.id}/report`).expect(200);
    expect(report.body.expected).toContainEqual(expect.objectContaining({ method: 'cash', amount: 12_345 }));
  });

  it('opens with no float when nothing is typed', async () => {
    const { agent } = await ownerAgent();
    const res = await agent
      .post('/api/shifts')
      .send({ id: crypto.randomUUID(), ...wholeFloatRequest(0) })
      .expect(201);
    expect(res.body.openingFloat).toBe(0);
  });
});
