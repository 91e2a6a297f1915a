/** The hub's owner API for devices (/api/sync/enrollment-codes, /api/sync/devices), mounted only in hub mode. */
import { id, request } from '../../../api/client';
import { listOf } from '../../../api/sync';
import type { EnrollmentCodeView, HealthResponse, HubDeviceView } from '../../../contract';

export const hubApi = {
  health: () => request<HealthResponse>('GET', '/health', { sessionRequired: false }),

  /** A one-time code for a console of this business; the code is shown once and only its hash is kept. */
  createCode: () => request<EnrollmentCodeView>('POST', '/api/sync/enrollment-codes', { body: {} }),

  devices: async () => listOf<HubDeviceView>(await request<unknown>('GET', '/api/sync/devices'), 'devices'),

  revoke: (deviceId: string) => request<HubDeviceView>('POST', `/api/sync/devices/${id(deviceId)}/revoke`),
};
