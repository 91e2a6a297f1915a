import { describe, expect, it } from 'vitest';
import { addMember, fixedClock, ownerAgent, signedInAgent, testDeps } from '../../../test/helpers.js';

const MINUTE = 60_000;
const OWNER_PIN = '4321';

/** Ana (owner) has a PIN; `staff` staff members can sign in on the same console. */
async function shopWithOwnerPin(staff: string[] = ['sam@example.com']) {
  const clock = fixedClock();
  const shop = await ownerAgent(await testDeps(undefined, { clock }));
  const tenantId = shop.session.tenant?.id as string;
  for (const email of staff) await addMember(shop.deps, tenantId, { email, role: 'STAFF' });
  await shop.agent
    .put('/api/me/pin')
    .send({ pin: OWNER_PIN, currentPassword: 'correct-horse-9' })
    .expect(204);
  return { ...shop, clock, tenantId };
}

type Agent = Awaited<ReturnType<typeof signedInAgent>>;
const tryPin = async (agent: Agent, pin: string) => {
  const res = await agent.post('/api/session/pin').send({ pin });
  return { status: res.status, code: res.body.code as string | undefined };
};
const wrong = { status: 401, code: 'pin-invalid' };
const limited = { status: 429, code: 'rate-limited' };

describe('PIN guessing limits', () => {
  it('gives a staff member no fresh guesses for signing in again, until 15 minutes pass', async () => {
    const { app, clock } = await shopWithOwnerPin();
    const sam = await signedInAgent(app, 'sam@example.com');
    for (let i = 0; i < 5; i++) expect(await tryPin(sam, `000${i}`)).toEqual(wrong);
    expect(await tryPin(sam, '0005')).toEqual(limited);

    const again = await signedInAgent(app, 'sam@example.com');
    expect(await tryPin(again, '0006')).toEqual(limited);
    // Even the right PIN waits: the limit is checked before the PIN is looked up.
    expect(await tryPin(again, OWNER_PIN)).toEqual(limited);

    clock.advance(6 * MINUTE);
    expect(await tryPin(await signedInAgent(app, 'sam@example.com'), '0007')).toEqual(limited);
    clock.advance(10 * MINUTE);
    const later = await signedInAgent(app, 'sam@example.com');
    expect(await tryPin(later, '0008')).toEqual(wrong);
    const switched = await later.post('/api/session/pin').send({ pin: OWNER_PIN }).expect(200);
    expect(switched.body.actingUser.name).toBe('Ana Pérez');
  });

  it('does not start the count over when a right PIN comes between wrong ones', async () => {
    const { app } = await shopWithOwnerPin();
    const sam = await signedInAgent(app, 'sam@example.com');
    await sam.put('/api/me/pin').send({ pin: '8642', currentPassword: 'member-password-1' }).expect(204);
    for (let i = 0; i < 4; i++) expect(await tryPin(sam, `000${i}`)).toEqual(wrong);
    expect((await tryPin(sam, '8642')).status).toBe(200);
    expect(await tryPin(sam, '0004')).toEqual(wrong);
    expect(await tryPin(sam, '0005')).toEqual(limited);
  });

  it('caps a business at 20 wrong PINs in 15 minutes, whoever types them', async () => {
    const staff = ['s1', 's2', 's3', 's4', 's5'].map((s) => `${s}@example.com`);
    const { app, agent, clock } = await shopWithOwnerPin(staff);
    for (const [n, email] of staff.slice(0, 4).entries()) {
      const member = await signedInAgent(app, email);
      for (let i = 0; i < 5; i++) expect(await tryPin(member, `${n}00${i}`)).toEqual(wrong);
    }
    // A fifth account that has not guessed yet, and the owner's own PIN, wait too.
    expect(await tryPin(await signedInAgent(app, staff[4] as string), '9000')).toEqual(limited);
    expect(await tryPin(agent, OWNER_PIN)).toEqual(limited);
    clock.advance(15 * MINUTE);
    expect((await tryPin(agent, OWNER_PIN)).status).toBe(200);
  });
});
