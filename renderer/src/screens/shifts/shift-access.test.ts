/**
 * The shifts history leads to each shift: a closed one's Z report for anyone who sees it, an open
 * one's count form only for whoever the API lets close it.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../../backend/src/app';
import { addMember, ownerAgent, signedInAgent } from '../../../../backend/test/helpers';
import type { Role, ShiftView } from '../../contract';
import { canCloseShift, isOtherRegister, shiftRowLink } from './shift-access';

const HERE = 'device-here';
const THERE = 'device-there';
const viewer = (role: Role, supportMode = false) => ({ role, supportMode });
const shift = (status: ShiftView['status'], deviceId: string) => ({ id: 'shift-1', status, deviceId });

describe('a row of the shifts history', () => {
  it("links a closed shift to its Z report, this register's or another's", () => {
    for (const who of [viewer('STAFF'), viewer('ADMIN'), viewer('OWNER'), viewer('SUPERADMIN', true)]) {
      expect(shiftRowLink(who, shift('closed', HERE), HERE)).toEqual({
        to: '/shifts/shift-1/close',
        action: 'report',
      });
    }
    expect(shiftRowLink(viewer('OWNER'), shift('closed', THERE), HERE)?.action).toBe('report');
  });

  it('links an open shift to its count form only for whoever may close it', () => {
    expect(shiftRowLink(viewer('STAFF'), shift('open', HERE), HERE)).toEqual({
      to: '/shifts/shift-1/close',
      action: 'close',
    });
    expect(shiftRowLink(viewer('OWNER'), shift('open', THERE), HERE)?.action).toBe('close');
    expect(shiftRowLink(viewer('ADMIN'), shift('open', THERE), HERE)?.action).toBe('close');
    expect(shiftRowLink(viewer('STAFF'), shift('open', THERE), HERE)).toBeNull();
    // Support mode reads, and changes nothing.
    expect(shiftRowLink(viewer('SUPERADMIN', true), shift('open', HERE), HERE)).toBeNull();
  });

  it('tells another register from this one only once this one is known', () => {
    expect(isOtherRegister(THERE, HERE)).toBe(true);
    expect(isOtherRegister(HERE, HERE)).toBe(false);
    expect(isOtherRegister(THERE, null)).toBe(false);
  });

  it('offers the close exactly where the API allows it', async () => {
    const { deps, agent: owner, session } = await ownerAgent();
    const tenantId = session.tenant?.id as string;
    // Another register on the same business: its own app on its own device.
    const there = createApp({ ...deps, deviceId: `${deps.deviceId}-there` });
    const ownerThere = await signedInAgent(there, 'ana@example.com', 'correct-horse-9');
    const open = (await ownerThere.post('/api/shifts').send({ denominations: [] }).expect(201))
      .body as ShiftView;
    await addMember(deps, tenantId, { email: 'eva@example.com', role: 'STAFF' });
    const staff = await signedInAgent(createApp(deps), 'eva@example.com');

    const counts = { counts: [{ method: 'cash', counted: 0 }] };
    expect(canCloseShift(viewer('STAFF'), open.deviceId, deps.deviceId)).toBe(false);
    expect((await staff.post(`/api/shifts/${open.id}/close`).send(counts)).status).toBe(403);
    expect(canCloseShift(viewer('OWNER'), open.deviceId, deps.deviceId)).toBe(true);
    const closed = await owner.post(`/api/shifts/${open.id}/close`).send(counts).expect(200);
    expect(closed.body.kind).toBe('Z');
    // The closed shift's Z report is what its history row leads to, read here.
    const report = await owner.get(`/api/shifts/${open.id}/report`).expect(200);
    expect(report.body).toMatchObject({ kind: 'Z', shift: { status: 'closed', deviceId: open.deviceId } });
  });
});
