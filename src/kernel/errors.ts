/**
 * Typed errors with stable codes. The HTTP error mapper and the CLI both map them:
 * `ValidationError` → HTTP 400 / exit 2, `NotFoundError` → 404 / exit 2, anything else → 500 / exit 1.
 *
 * @example
 * throw new ValidationError('timezone', 'not an IANA time zone: Mars/Base');
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(
    readonly field: string,
    message: string,
    code = 'VALIDATION',
  ) {
    super(code, message, 400);
  }
}

/**
 * Bad input in an import file: names the file, where in it (line or message index) and the field.
 *
 * @example
 * throw new ImportFormatError('result.json', 'message #12', 'date_unixtime', 'missing');
 * // → "result.json, message #12, field date_unixtime: missing"
 */
export class ImportFormatError extends ValidationError {
  constructor(
    readonly file: string,
    readonly location: string,
    field: string,
    readonly problem: string,
  ) {
    super(
      field,
      `${[file, location, field ? `field ${field}` : ''].filter(Boolean).join(', ')}: ${problem}`,
      'IMPORT_FORMAT',
    );
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} not found`, 404);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super('CONFLICT', message, 409);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'sign in first') {
    super('UNAUTHORIZED', message, 401);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(message: string) {
    super('TOO_MANY_REQUESTS', message, 429);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'forbidden') {
    super('FORBIDDEN', message, 403);
  }
}

/** The server lacks a setting the request needs (a key in the environment): an operator must set it. */
export class ConfigError extends AppError {
  constructor(message: string) {
    super('NOT_CONFIGURED', message, 503);
  }
}

/** True for errors caused by what the caller gave us (exit code 2 in the CLI). */
export function isInputError(error: unknown): boolean {
  return error instanceof ValidationError || error instanceof NotFoundError || error instanceof ConflictError;
}
