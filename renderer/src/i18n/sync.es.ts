/** Spanish messages of the sync badge, Settings → Sync and joining a business on the hub; spread into es.ts. */
export const syncEs = {
  // Header badge
  'sync.label': 'Sincronización',
  'sync.badgeTitle': 'Sincronización: abrir los detalles',
  'sync.localOnly': 'Solo local',
  'sync.synced': 'Sincronizado',
  'sync.syncing': 'Sincronizando…',
  'sync.waiting': 'Por sincronizar',
  'sync.offline': 'Sin conexión',
  'sync.error': 'Error de sincronización',
  'sync.revoked': 'Dispositivo revocado',
  'sync.tooOld': 'Hay que actualizar la consola',
  'sync.unknown': 'Estado desconocido',
  'sync.pending.one': '{count} cambio pendiente',
  'sync.pending.other': '{count} cambios pendientes',

  // Settings sub-navigation
  'settings.sections': 'Secciones de ajustes',
  'settings.sync': 'Sincronización',

  // Status facts
  'sync.status': 'Estado',
  'sync.state.local-only': 'Solo local',
  'sync.state.synced': 'Sincronizado',
  'sync.state.syncing': 'Sincronizando',
  'sync.state.pending': 'Con cambios por enviar',
  'sync.state.offline': 'Sin conexión con el hub',
  'sync.state.error': 'Error de sincronización',
  'sync.state.revoked': 'Dispositivo revocado',
  'sync.state.too-old': 'Consola desactualizada',
  'sync.explain.local-only':
    'Esta consola no está conectada a ningún hub: todo se guarda solo en este equipo.',
  'sync.explain.synced': 'Todos los cambios de esta consola están en el hub.',
  'sync.explain.syncing': 'Enviando y recibiendo cambios ahora mismo.',
  'sync.explain.pending': 'Hay cambios de esta consola que todavía no están en el hub; se enviarán en breve.',
  'sync.explain.offline':
    'No se puede llegar al hub. Puedes seguir trabajando: los cambios se guardan aquí y se enviarán al volver la conexión.',
  'sync.explain.error':
    'El hub ha respondido con un error. Los cambios siguen guardados aquí y se reintentará automáticamente.',
  'sync.explain.revoked':
    'Este dispositivo fue revocado en el hub y ya no sincroniza. Lo hecho aquí sigue en esta consola, pero sus cambios pendientes no llegarán al hub; habla con el propietario del negocio.',
  'sync.explain.too-old':
    'La consola necesita actualizarse para sincronizar; puedes seguir trabajando en local.',
  'sync.hubUrl': 'Hub',
  'sync.deviceName': 'Nombre del dispositivo',
  'sync.pendingOps': 'Cambios pendientes',
  'sync.oldestPending': 'El más antiguo',
  'sync.lastPush': 'Último envío correcto',
  'sync.lastPull': 'Última recepción correcta',
  'sync.lastError': 'Último error',
  'sync.lastErrorAt': '{message} ({when})',
  'sync.never': 'Nunca',
  'sync.none': 'Ninguno',
  'sync.whenAgo': '{when}, {ago}',
  'sync.statusUnavailable': 'No se ha podido consultar el estado de la sincronización.',
  'sync.loading': 'Consultando el estado…',
  'sync.now': 'Sincronizar ahora',
  'sync.nowRunning': 'Sincronizando…',
  'sync.nowDone': 'Sincronización terminada.',
  'sync.nowOffline':
    'No se puede llegar al hub. Los cambios siguen guardados aquí y se enviarán al volver la conexión.',
  'sync.nowFailed': 'El hub respondió con un error: {message}',
  'sync.nowLeft.one': 'Sincronización terminada; queda {count} cambio por enviar.',
  'sync.nowLeft.other': 'Sincronización terminada; quedan {count} cambios por enviar.',
  'sync.staffOnly': 'Solo el propietario o un administrador pueden gestionar la sincronización.',
  'sync.ownerOnlyEnroll': 'Solo el propietario puede conectar esta consola a un hub.',

  // Enroll
  'sync.enroll.title': 'Conectar con un hub',
  'sync.enroll.intro':
    'Pide al propietario un código de un solo uso en el hub (Ajustes del hub → Dispositivos) y escríbelo aquí con la dirección del hub.',
  'sync.enroll.hubUrl': 'Dirección del hub',
  'sync.enroll.hubUrlHint': 'Por ejemplo https://hub.ejemplo.com',
  'sync.enroll.code': 'Código de un solo uso',
  'sync.enroll.codeHint': 'Tal como aparece en el hub, por ejemplo ABCD-EFGH-JKLM.',
  'sync.enroll.deviceName': 'Nombre de este dispositivo',
  'sync.enroll.deviceNameHint': 'Para reconocerlo en la lista de dispositivos, por ejemplo «Caja 1».',
  'sync.enroll.check': 'Comprobar el código',
  'sync.enroll.checking': 'Comprobando…',
  'sync.enroll.preview': 'Qué va a pasar',
  'sync.enroll.join':
    'Esta consola usará los datos del negocio «{business}» que están en el hub; los recibirá al conectarse.',
  'sync.enroll.upload':
    'Este negocio se subirá al hub como un negocio nuevo, «{business}», con todos sus datos.',
  'sync.enroll.leftBehindTitle': 'Atención: hay datos que no se subirán',
  'sync.enroll.leftBehind':
    'Los datos del negocio «{business}» de esta consola se quedan aquí y no se suben al hub:',
  'sync.enroll.leftBehindOps': 'Cambios registrados: {count}',
  'sync.enroll.leftBehindSales': 'Ventas: {count}',
  'sync.enroll.leftBehindProducts': 'Productos: {count}',
  'sync.enroll.leftBehindBookings': 'Reservas: {count}',
  'sync.enroll.confirmLeaveBehind': 'Entiendo que estos datos se quedan en esta consola sin subirse',
  'sync.enroll.signInAfter':
    'Al conectar se cerrará la sesión: después inicia sesión con tu correo y contraseña de la cuenta del hub.',
  'sync.enroll.submit': 'Conectar',
  'sync.enroll.back': 'Cambiar los datos',
  'sync.enroll.done': 'Consola conectada al hub. Recibiendo los datos…',
  'sync.enroll.hubUrlInvalid': 'Escribe la dirección completa, por ejemplo https://hub.ejemplo.com.',

  // Dead letters
  'sync.dead.title': 'Cambios que no se pudieron enviar',
  'sync.dead.intro':
    'Estos cambios fallaron varias veces o el hub los apartó. No se han perdido: siguen aquí hasta que se reintenten.',
  'sync.dead.empty': 'No hay cambios atascados.',
  'sync.dead.command': 'Operación',
  'sync.dead.created': 'Creado',
  'sync.dead.attempts': 'Intentos',
  'sync.dead.reason': 'Motivo',
  'sync.dead.state.dead': 'Falló demasiadas veces',
  'sync.dead.state.quarantined': 'Apartado por el hub',
  'sync.dead.retry': 'Reintentar',
  'sync.dead.retryTitle': '¿Reintentar «{command}»?',
  'sync.dead.retryBody':
    'Se volverá a enviar este cambio al hub. Si el motivo del fallo sigue ahí, volverá a esta lista.',
  'sync.dead.retried': 'El cambio «{command}» vuelve a la cola de envío.',
  'sync.dead.actions': 'Acciones',

  // Conflicts inbox
  'sync.conflicts.title': 'Conflictos por revisar',
  'sync.conflicts.intro':
    'Lo que el hub rechazó o marcó al recibir los cambios: reservas que chocaban con otra y ventas sin existencias.',
  'sync.conflicts.empty': 'No hay conflictos por revisar.',
  'sync.conflicts.kind.booking-rejected': 'Reserva rechazada',
  'sync.conflicts.kind.oversell': 'Venta sin existencias',
  'sync.conflicts.open': 'Abrir',
  'sync.conflicts.slots': 'Huecos libres que propone el hub:',

  // First run: join a business on the hub
  'setup.join.offer': '¿Tu negocio ya está en un hub de Mostrador?',
  'setup.join.open': 'Unirse a un negocio del hub',
  'setup.join.title': 'Unirse a un negocio del hub',
  'setup.join.intro':
    'Escribe la dirección del hub y el código de un solo uso que te dio el propietario. Esta consola recibirá los datos del negocio y después iniciarás sesión con tu cuenta del hub.',
  'setup.join.submit': 'Unirse',
  'setup.join.busy': 'Conectando con el hub y recibiendo los datos…',
  'setup.join.create': 'Crear un negocio nuevo',
  'login.joinedBusiness':
    'Esta consola está conectada al negocio «{business}» del hub. Inicia sesión con tu correo y contraseña de la cuenta del hub.',
  'login.joined': 'Consola conectada al hub. Inicia sesión con tu correo y contraseña de la cuenta del hub.',

  // Problems of the sync and enrollment routes
  'errors.hub-unreachable':
    'No se puede conectar con el hub en esa dirección. Revisa la dirección y la conexión a internet.',
  'errors.code-invalid': 'Ese código no es válido. Revisa que esté bien escrito o pide uno nuevo en el hub.',
  'errors.code-used': 'Ese código ya se ha usado. Pide uno nuevo en el hub.',
  'errors.code-expired': 'Ese código ha caducado. Pide uno nuevo en el hub.',
  'errors.enrollment-code-invalid':
    'Ese código no es válido. Revisa que esté bien escrito o pide uno nuevo en el hub.',
  'errors.enrollment-code-used': 'Ese código ya se ha usado. Pide uno nuevo en el hub.',
  'errors.enrollment-code-expired': 'Ese código ha caducado. Pide uno nuevo en el hub.',
  'errors.leave-behind-unconfirmed':
    'Confirma que entiendes que los datos de esta consola se quedan aquí sin subirse.',
  'errors.already-enrolled': 'Esta consola ya está conectada a un hub.',
  'errors.not-enrolled': 'Esta consola no está conectada a ningún hub.',
  'errors.device-revoked': 'Este dispositivo fue revocado en el hub.',
  'errors.hub-error': 'El hub ha respondido con un error. Inténtalo de nuevo más tarde.',
  'errors.hub-too-new': 'El hub necesita una versión más nueva de la consola. Actualiza Mostrador.',
  'errors.nothing-to-upload':
    'Ese código sirve para subir un negocio, y esta consola todavía no tiene ninguno. Pide un código del negocio al que te quieres unir.',
  'errors.upload-unavailable':
    'El negocio de esta consola no se puede subir al hub. Pide un código del negocio del hub al que te quieres unir.',
  'errors.sync-unavailable':
    'Esta consola no puede guardar la credencial del dispositivo; no se puede conectar a un hub.',
  'errors.device-enrolled-elsewhere': 'Este dispositivo ya está conectado a otro negocio del hub.',
  'errors.business-exists': 'Ese negocio ya existe en el hub. Pide un código para unirte a él.',
  'errors.entitlement-expired':
    'Esta consola lleva demasiado tiempo sin conectar con el hub: puedes consultar, pero no hacer cambios hasta que vuelva a sincronizar.',
  'errors.entitlement-invalid':
    'El permiso del hub para esta consola no es válido: puedes consultar, pero no hacer cambios hasta que vuelva a sincronizar.',
  'errors.dead-letter-not-found': 'Ese cambio ya no está en la lista.',
} as const satisfies Record<string, string>;
