import type { syncEs } from './sync.es';

/** English messages of the sync screens; the type checker rejects missing and extra keys. */
export const syncEn: Record<keyof typeof syncEs, string> = {
  'sync.label': 'Sync',
  'sync.badgeTitle': 'Sync: open the details',
  'sync.localOnly': 'Local only',
  'sync.synced': 'Synced',
  'sync.syncing': 'Syncing…',
  'sync.waiting': 'Waiting to sync',
  'sync.offline': 'Offline',
  'sync.error': 'Sync error',
  'sync.revoked': 'Device revoked',
  'sync.tooOld': 'Console needs an update',
  'sync.unknown': 'Status unknown',
  'sync.pending.one': '{count} pending change',
  'sync.pending.other': '{count} pending changes',

  'settings.sections': 'Settings sections',
  'settings.sync': 'Sync',

  'sync.status': 'Status',
  'sync.state.local-only': 'Local only',
  'sync.state.synced': 'Synced',
  'sync.state.syncing': 'Syncing',
  'sync.state.pending': 'Changes waiting to be sent',
  'sync.state.offline': 'Can’t reach the hub',
  'sync.state.error': 'Sync error',
  'sync.state.revoked': 'Device revoked',
  'sync.state.too-old': 'Console out of date',
  'sync.explain.local-only':
    'This console is not connected to a hub: everything is kept on this computer only.',
  'sync.explain.synced': 'Every change made on this console is on the hub.',
  'sync.explain.syncing': 'Sending and receiving changes right now.',
  'sync.explain.pending': 'Some changes made here are not on the hub yet; they will be sent shortly.',
  'sync.explain.offline':
    'The hub can’t be reached. You can keep working: changes are kept here and sent when the connection is back.',
  'sync.explain.error':
    'The hub answered with an error. Changes are still kept here and will be retried automatically.',
  'sync.explain.revoked':
    'This device was revoked on the hub and no longer syncs. What was done here stays on this console, but its pending changes will not reach the hub; talk to the business owner.',
  'sync.explain.too-old': 'The console needs an update to sync; you can keep working locally.',
  'sync.hubUrl': 'Hub',
  'sync.deviceName': 'Device name',
  'sync.pendingOps': 'Pending changes',
  'sync.oldestPending': 'Oldest',
  'sync.lastPush': 'Last successful send',
  'sync.lastPull': 'Last successful receive',
  'sync.lastError': 'Last error',
  'sync.lastErrorAt': '{message} ({when})',
  'sync.never': 'Never',
  'sync.none': 'None',
  'sync.whenAgo': '{when}, {ago}',
  'sync.statusUnavailable': 'The sync status could not be checked.',
  'sync.loading': 'Checking the status…',
  'sync.now': 'Sync now',
  'sync.nowRunning': 'Syncing…',
  'sync.nowDone': 'Sync finished.',
  'sync.nowOffline':
    'The hub can’t be reached. Changes are still kept here and will be sent when the connection is back.',
  'sync.nowFailed': 'The hub answered with an error: {message}',
  'sync.nowLeft.one': 'Sync finished; {count} change is still to be sent.',
  'sync.nowLeft.other': 'Sync finished; {count} changes are still to be sent.',
  'sync.staffOnly': 'Only the owner or an admin can manage sync.',
  'sync.ownerOnlyEnroll': 'Only the owner can connect this console to a hub.',

  'sync.enroll.title': 'Connect to a hub',
  'sync.enroll.intro':
    'Ask the owner for a one-time code on the hub (hub Settings → Devices) and enter it here with the hub’s address.',
  'sync.enroll.hubUrl': 'Hub address',
  'sync.enroll.hubUrlHint': 'For example https://hub.example.com',
  'sync.enroll.code': 'One-time code',
  'sync.enroll.codeHint': 'As shown on the hub, for example ABCD-EFGH-JKLM.',
  'sync.enroll.deviceName': 'Name of this device',
  'sync.enroll.deviceNameHint': 'To recognise it in the list of devices, for example “Till 1”.',
  'sync.enroll.check': 'Check the code',
  'sync.enroll.checking': 'Checking…',
  'sync.enroll.preview': 'What will happen',
  'sync.enroll.join':
    'This console will use the data of the business “{business}” on the hub; it receives it when it connects.',
  'sync.enroll.upload':
    'This business will be uploaded to the hub as a new business, “{business}”, with all its data.',
  'sync.enroll.leftBehindTitle': 'Warning: some data will not be uploaded',
  'sync.enroll.leftBehind':
    'The data of the business “{business}” on this console stays here and is not uploaded:',
  'sync.enroll.leftBehindOps': 'Recorded changes: {count}',
  'sync.enroll.leftBehindSales': 'Sales: {count}',
  'sync.enroll.leftBehindProducts': 'Products: {count}',
  'sync.enroll.leftBehindBookings': 'Bookings: {count}',
  'sync.enroll.confirmLeaveBehind': 'I understand this data stays on this console and is not uploaded',
  'sync.enroll.signInAfter':
    'Connecting signs you out: then sign in with the email and password of your hub account.',
  'sync.enroll.submit': 'Connect',
  'sync.enroll.back': 'Change the details',
  'sync.enroll.done': 'Console connected to the hub. Receiving the data…',
  'sync.enroll.hubUrlInvalid': 'Enter the full address, for example https://hub.example.com.',

  'sync.dead.title': 'Changes that could not be sent',
  'sync.dead.intro':
    'These changes failed several times or the hub set them aside. They are not lost: they stay here until retried.',
  'sync.dead.empty': 'No stuck changes.',
  'sync.dead.command': 'Operation',
  'sync.dead.created': 'Created',
  'sync.dead.attempts': 'Attempts',
  'sync.dead.reason': 'Reason',
  'sync.dead.state.dead': 'Failed too many times',
  'sync.dead.state.quarantined': 'Set aside by the hub',
  'sync.dead.retry': 'Retry',
  'sync.dead.retryTitle': 'Retry “{command}”?',
  'sync.dead.retryBody':
    'This change will be sent to the hub again. If the reason it failed is still there, it comes back to this list.',
  'sync.dead.retried': 'The change “{command}” is back in the send queue.',
  'sync.dead.actions': 'Actions',

  'sync.conflicts.title': 'Conflicts to review',
  'sync.conflicts.intro':
    'What the hub refused or flagged when it received the changes: bookings that clashed with another and sales without stock.',
  'sync.conflicts.empty': 'No conflicts to review.',
  'sync.conflicts.kind.booking-rejected': 'Booking rejected',
  'sync.conflicts.kind.oversell': 'Sale without stock',
  'sync.conflicts.open': 'Open',
  'sync.conflicts.slots': 'Free slots the hub suggests:',

  'setup.join.offer': 'Is your business already on a Mostrador hub?',
  'setup.join.open': 'Join a business on the hub',
  'setup.join.title': 'Join a business on the hub',
  'setup.join.intro':
    'Enter the hub’s address and the one-time code the owner gave you. This console receives the business’s data, then you sign in with your hub account.',
  'setup.join.submit': 'Join',
  'setup.join.busy': 'Connecting to the hub and receiving the data…',
  'setup.join.create': 'Create a new business',
  'login.joinedBusiness':
    'This console is connected to the business “{business}” on the hub. Sign in with the email and password of your hub account.',
  'login.joined': 'Console connected to the hub. Sign in with the email and password of your hub account.',

  'errors.hub-unreachable':
    'The hub can’t be reached at that address. Check the address and the internet connection.',
  'errors.code-invalid':
    'That code is not valid. Check it is typed correctly or ask for a new one on the hub.',
  'errors.code-used': 'That code has already been used. Ask for a new one on the hub.',
  'errors.code-expired': 'That code has expired. Ask for a new one on the hub.',
  'errors.enrollment-code-invalid':
    'That code is not valid. Check it is typed correctly or ask for a new one on the hub.',
  'errors.enrollment-code-used': 'That code has already been used. Ask for a new one on the hub.',
  'errors.enrollment-code-expired': 'That code has expired. Ask for a new one on the hub.',
  'errors.leave-behind-unconfirmed':
    'Confirm you understand that this console’s data stays here and is not uploaded.',
  'errors.already-enrolled': 'This console is already connected to a hub.',
  'errors.not-enrolled': 'This console is not connected to a hub.',
  'errors.device-revoked': 'This device was revoked on the hub.',
  'errors.hub-error': 'The hub answered with an error. Try again later.',
  'errors.hub-too-new': 'The hub needs a newer console. Update Mostrador.',
  'errors.nothing-to-upload':
    'That code uploads a business, and this console has none yet. Ask for a code of the business you want to join.',
  'errors.upload-unavailable':
    'This console’s business cannot be uploaded to the hub. Ask for a code of the hub business you want to join.',
  'errors.sync-unavailable': 'This console cannot keep the device credential, so it cannot connect to a hub.',
  'errors.device-enrolled-elsewhere': 'This device is already connected to another business on the hub.',
  'errors.business-exists': 'That business already exists on the hub. Ask for a code to join it.',
  'errors.entitlement-expired':
    'This console has not reached the hub for too long: you can read, but not change anything until it syncs again.',
  'errors.entitlement-invalid':
    'The hub’s permit for this console does not verify: you can read, but not change anything until it syncs again.',
  'errors.dead-letter-not-found': 'That change is no longer in the list.',
};
