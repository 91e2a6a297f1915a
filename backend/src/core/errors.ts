/**
 * Typed domain errors. Every error a client can see carries a stable
 * kebab-case code; the HTTP layer maps them to problem+json.
 */
export interface FieldIssue {
  field: string;
  code: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class ValidationError extends DomainError {
  constructor(readonly issues: FieldIssue[]) {
    const first = issues[0];
    super(
      'validation-failed',
      400,
      first ? `${first.field}: ${first.message}` : 'Invalid input',
      first?.field,
    );
    this.name = 'ValidationError';
  }
}

export const notFound = (what: string) => new DomainError('not-found', 404, `${what} not found`);
export const forbidden = () => new DomainError('forbidden', 403, 'Your role does not allow this action');
export const unauthenticated = () => new DomainError('unauthenticated', 401, 'Sign in to continue');
export const conflict = (code: string, message: string, field?: string) =>
  new DomainError(code, 409, message, field);
