/** Spanish messages of the hub's Settings → Sync: enrollment codes and the business's devices; spread into es.ts. */
export const hubDevicesEs = {
  'hub.title': 'Dispositivos del negocio',
  'hub.intro':
    'Este es el hub. Cada consola del negocio se da de alta aquí con un código de un solo uso y luego sincroniza sola.',
  'hub.ownerOnly': 'Solo el propietario del negocio puede crear códigos de alta y administrar dispositivos.',

  // New enrollment code
  'hub.code.title': 'Nuevo código de alta',
  'hub.code.intro':
    'En la consola, abra Ajustes → Sincronización y escriba la dirección de este hub y el código.',
  'hub.code.create': 'Nuevo código de alta',
  'hub.code.creating': 'Creando código…',
  'hub.code.label': 'Código de alta',
  'hub.code.once': 'Se muestra solo esta vez. Vale 24 h y para una sola consola.',
  'hub.code.expires': 'Caduca el {when}',
  'hub.code.copy': 'Copiar código',
  'hub.code.copied': 'Código copiado',
  'hub.code.copyFailed': 'No se pudo copiar: seleccione el código y cópielo a mano',
  'hub.code.created': 'Código de alta creado',

  // Devices table
  'hub.devices.title': 'Dispositivos',
  'hub.devices.empty':
    'Todavía no hay dispositivos. Cree un código de alta e introdúzcalo en la consola que quiera conectar.',
  'hub.devices.name': 'Nombre',
  'hub.devices.version': 'Versión',
  'hub.devices.enrolled': 'Alta',
  'hub.devices.lastSeen': 'Última conexión',
  'hub.devices.pending': 'Cambios pendientes',
  'hub.devices.state': 'Estado',
  'hub.devices.actions': 'Acciones',
  'hub.devices.state.active': 'Activo',
  'hub.devices.state.revoked': 'Revocado',
  'hub.devices.pendingUnknown': 'Sin informar',
  'hub.devices.pending.one': '{count} cambio',
  'hub.devices.pending.other': '{count} cambios',
  'hub.devices.reportedAgo': 'informado {ago}',
  'hub.devices.revoke': 'Revocar',
  'hub.devices.revokeTitle': '¿Revocar «{name}»?',
  'hub.devices.revokeBody':
    'El dispositivo dejará de sincronizar en su próxima conexión; los cambios que aún no haya enviado se quedarán en él. Para volver a conectarlo hará falta un código de alta nuevo.',
  'hub.devices.revokeConfirm': 'Revocar dispositivo',
  'hub.devices.revoked': 'Dispositivo «{name}» revocado',
} as const;
