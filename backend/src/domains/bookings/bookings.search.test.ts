/** The quote refuses a booking with no length or a reversed one as booking does: same code, same field. */
import { describe, expect, it } from 'vitest';
import { ownerAgent } from '../../../test/helpers.js';
import { defaultLocation, makeResource } from './bookings.fixtures.js';

const at = (hhmm: string) => new Date(`2026-11-26T${hhmm}:00+01:00`).toISOString();

describe('the quote names a bad length as booking does', () => {
  it('a zero-length booking is zero-length in the quote and in booking', async () => {
    const { agent } = await ownerAgent();
    const room = await makeResource(agent, await defaultLocation(agent));
    const slot = { resourceId: room.id, startsAt: at('10:00'), endsAt: at('10:00') };
    const quote = await agent.post('/api/bookings/quote').send(slot).expect(400);
    const booking = await agent.post('/api/bookings').send(slot).expect(400);
    expect(booking.body).toMatchObject({ code: 'zero-length', field: 'endsAt' });
    expect(quote.body).toMatchObject({ code: 'zero-length', field: 'endsAt' });
  });

  it('a booking ending before it starts is ends-before-start in both', async () => {
    const { agent } = await ownerAgent();
    const room = await makeResource(agent, await defaultLocation(agent));
    const slot = { resourceId: room.id, startsAt: at('11:00'), endsAt: at('10:00') };
    const quote = await agent.post('/api/bookings/quote').send(slot).expect(400);
    const booking = await agent.post('/api/bookings').send(slot).expect(400);
    expect(booking.body).toMatchObject({ code: 'ends-before-start', field: 'endsAt' });
    expect(quote.body).toMatchObject({ code: 'ends-before-start', field: 'endsAt' });
  });
});
