/** Leaf schemas imported by the other contract files (kept apart to avoid import cycles). */
import { z } from 'zod';

export const email = z.string().trim().toLowerCase().pipe(z.email()).pipe(z.string().max(254));
