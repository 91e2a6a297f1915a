/** Spanish messages of the members screens (coworking); spread into es.ts. */
export const membersEs = {} as const satisfies Record<string, string>;
