import type { z } from 'zod';
import { type FieldIssue, ValidationError } from './errors.js';

const KEBAB = /^[a-z]+(-[a-z0-9]+)+$/;

/** Turns zod issues into field issues with stable codes (custom kebab messages win). */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(body)',
    code: KEBAB.test(issue.message) ? issue.message : issue.code.replaceAll('_', '-'),
    message: issue.message,
  }));
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.error));
  return parsed.data;
}
