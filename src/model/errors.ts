/**
 * Typed errors that carry where they happened. Every layer throws these; the CLI maps them to exit
 * codes and the HTTP API to status codes and the `{error: {code, message, details}}` body.
 */

/** Where in the input a problem was found. Any combination may be set. */
export interface Place {
  file?: string;
  /** 1-based line number in a text input. */
  line?: number;
  /** 1-based column number, or a column name for tabular input. */
  column?: number | string;
  /** RFC 6901 JSON pointer into a JSON document. */
  pointer?: string;
  /** 1-based frame (packet) number in a capture. */
  frame?: number;
  /** Byte offset into a binary input. */
  offset?: number;
}

/** One problem found in an input, with its place. Collected so that every problem is reported at once. */
export interface Issue extends Place {
  message: string;
  /** Optional stable code for the kind of problem, e.g. `invalid-mac`. */
  code?: string;
}

export function formatPlace(place: Place): string {
  const parts: string[] = [];
  if (place.file) parts.push(place.file);
  if (place.line !== undefined) parts.push(`line ${place.line}`);
  if (place.column !== undefined) parts.push(`column ${place.column}`);
  if (place.pointer !== undefined) parts.push(`at ${place.pointer === '' ? '/' : place.pointer}`);
  if (place.frame !== undefined) parts.push(`frame ${place.frame}`);
  if (place.offset !== undefined) parts.push(`offset ${place.offset}`);
  return parts.join(', ');
}

export function formatIssue(issue: Issue): string {
  const where = formatPlace(issue);
  return where ? `${where}: ${issue.message}` : issue.message;
}

export class BulwarkError extends Error {
  /** Stable, documented machine-readable code (see docs/errors.md). */
  readonly code: string;
  readonly place: Place | undefined;
  readonly details: unknown;
  /** The message without its place prefix (for reports that show the place separately). */
  readonly reason: string;

  constructor(code: string, message: string, options: { place?: Place; details?: unknown; cause?: unknown } = {}) {
    super(options.place && formatPlace(options.place) ? `${formatPlace(options.place)}: ${message}` : message, {
      cause: options.cause,
    });
    this.name = new.target.name;
    this.reason = message;
    this.code = code;
    this.place = options.place;
    this.details = options.details;
  }
}

/** The input (file, request, argument) is malformed or violates a rule. CLI exit 2, HTTP 400. */
export class InputError extends BulwarkError {
  readonly issues: Issue[];
  constructor(message: string, options: { code?: string; place?: Place; issues?: Issue[]; details?: unknown; cause?: unknown } = {}) {
    super(options.code ?? 'invalid-input', message, {
      place: options.place,
      details: options.details ?? (options.issues ? { issues: options.issues } : undefined),
      cause: options.cause,
    });
    this.issues = options.issues ?? [];
  }
}

/** A referenced record does not exist. CLI exit 2, HTTP 404. */
export class NotFoundError extends BulwarkError {
  constructor(what: string, id: string) {
    super('not-found', `${what} ${id} not found`, { details: { what, id } });
  }
}

/** The request conflicts with the current state (duplicate identity, stale revision). HTTP 409. */
export class ConflictError extends BulwarkError {
  constructor(message: string, details?: unknown) {
    super('conflict', message, { details });
  }
}

/** The input exceeds a hard limit (size, nesting depth, count). HTTP 413. */
export class LimitError extends BulwarkError {
  constructor(message: string, options: { place?: Place; details?: unknown } = {}) {
    super('limit-exceeded', message, options);
  }
}
