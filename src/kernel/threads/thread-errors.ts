import {
  AppError,
  ConflictError,
  ForbiddenError,
  ImportFileError,
  ImportFormatError,
  NotFoundError,
  TooManyRequestsError,
  UnauthorizedError,
  ValidationError,
} from '../errors.js';

/** An error as it crosses a thread boundary: its own fields, name, message and stack. */
export type ThreadError = Record<string, unknown>;

const CLASSES: Record<string, { prototype: object }> = {
  AppError,
  ValidationError,
  ImportFormatError,
  ImportFileError,
  NotFoundError,
  ConflictError,
  UnauthorizedError,
  TooManyRequestsError,
  ForbiddenError,
};

/** The error as a message a worker can post (structured clone keeps neither class nor getters). */
export function errorToThread(error: unknown): ThreadError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  return { ...(error as unknown as ThreadError), name: error.name, message: error.message, stack: error.stack };
}

/** The error the other thread caught, as the same class with the same fields on this side. */
export function errorFromThread(data: ThreadError): Error {
  const error = Object.create((CLASSES[String(data.name)] ?? Error).prototype) as Error;
  return Object.assign(error, data);
}
