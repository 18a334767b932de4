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

/** What is wrong with the path an import was given, before any of its content is read. */
export type ImportFileProblem = 'missing' | 'directory' | 'unreadable';

const IMPORT_FILE_PROBLEMS: Record<ImportFileProblem, string> = {
  missing: 'not found',
  directory: 'is a folder, but this format is imported from a single file',
  unreadable: 'cannot be read (check its permissions)',
};

/**
 * The path given to an import is missing, a folder where a file is expected, or unreadable. The
 * CLI words it in the operator's language from `problem`.
 *
 * @example
 * throw new ImportFileError('exports/', 'directory');
 * // → "file exports/ is a folder, but this format is imported from a single file"
 */
export class ImportFileError extends ValidationError {
  constructor(
    readonly path: string,
    readonly problem: ImportFileProblem,
  ) {
    super('file', `file ${path} ${IMPORT_FILE_PROBLEMS[problem]}`, 'IMPORT_FILE');
  }
}

const ERRNO_PROBLEMS: Record<string, ImportFileProblem> = {
  ENOENT: 'missing',
  ENOTDIR: 'missing',
  EISDIR: 'directory',
  EACCES: 'unreadable',
  EPERM: 'unreadable',
};

/**
 * A file-system error met while reading an import (Node's `EISDIR`, `ENOENT`, `EACCES` …) as an
 * `ImportFileError` naming the path it happened on; any other error as it is.
 */
export function importFileErrorOf(error: unknown, path: string): unknown {
  const errno = error as NodeJS.ErrnoException | null;
  const problem = errno && typeof errno.code === 'string' ? ERRNO_PROBLEMS[errno.code] : undefined;
  if (!problem || error instanceof AppError) return error;
  return new ImportFileError(typeof errno?.path === 'string' ? errno.path : path, problem);
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
