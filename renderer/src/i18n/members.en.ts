import type { membersEs } from './members.es';

/** English messages of the members screens; the type checker rejects missing and extra keys. */
export const membersEn: Record<keyof typeof membersEs, string> = {};
