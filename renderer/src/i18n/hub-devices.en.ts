import type { hubDevicesEs } from './hub-devices.es';

/** English messages of the hub's Settings → Sync; same keys as hub-devices.es.ts. */
export const hubDevicesEn: Record<keyof typeof hubDevicesEs, string> = {
  'hub.title': 'Business devices',
  'hub.intro':
    'This is the hub. Each of the business’s consoles enrolls here with a one-time code and then syncs on its own.',
  'hub.ownerOnly': 'Only the business owner can create enrollment codes and manage devices.',

  'hub.code.title': 'New enrollment code',
  'hub.code.intro': 'On the console, open Settings → Sync and enter this hub’s address and the code.',
  'hub.code.create': 'New enrollment code',
  'hub.code.creating': 'Creating code…',
  'hub.code.label': 'Enrollment code',
  'hub.code.once': 'Shown this one time only. Valid for 24 h and for one console.',
  'hub.code.expires': 'Expires {when}',
  'hub.code.copy': 'Copy code',
  'hub.code.copied': 'Code copied',
  'hub.code.copyFailed': 'Could not copy: select the code and copy it by hand',
  'hub.code.created': 'Enrollment code created',

  'hub.devices.title': 'Devices',
  'hub.devices.empty':
    'No devices yet. Create an enrollment code and enter it on the console you want to connect.',
  'hub.devices.name': 'Name',
  'hub.devices.version': 'Version',
  'hub.devices.enrolled': 'Enrolled',
  'hub.devices.lastSeen': 'Last seen',
  'hub.devices.pending': 'Pending changes',
  'hub.devices.state': 'State',
  'hub.devices.actions': 'Actions',
  'hub.devices.state.active': 'Active',
  'hub.devices.state.revoked': 'Revoked',
  'hub.devices.pendingUnknown': 'Not reported',
  'hub.devices.pending.one': '{count} change',
  'hub.devices.pending.other': '{count} changes',
  'hub.devices.reportedAgo': 'reported {ago}',
  'hub.devices.revoke': 'Revoke',
  'hub.devices.revokeTitle': 'Revoke “{name}”?',
  'hub.devices.revokeBody':
    'The device stops syncing at its next connection; changes it has not sent yet stay on it. Connecting it again needs a new enrollment code.',
  'hub.devices.revokeConfirm': 'Revoke device',
  'hub.devices.revoked': 'Device “{name}” revoked',
};
