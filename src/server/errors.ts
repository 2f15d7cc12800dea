/**
 * One error body for every failure: `{error: {code, message, details}}`. Client mistakes are 4xx
 * with a stable code (docs/errors.md); anything unexpected is a 500 whose details stay in the log.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { AuthenticationError, ForbiddenError, TooManyAttemptsError } from '../model/auth.js';
import { BulwarkError, ConflictError, InputError, LimitError, NotFoundError } from '../model/errors.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

const FASTIFY_CODES: Record<string, { status: number; code: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body-too-large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported-media-type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid-content-length' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'empty-body' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed-json' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 406, code: 'not-multipart' },
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'file-too-large' },
  FST_FILES_LIMIT: { status: 413, code: 'too-many-files' },
  FST_PARTS_LIMIT: { status: 413, code: 'too-many-parts' },
  FST_FIELDS_LIMIT: { status: 413, code: 'too-many-fields' },
  FST_PROTO_VIOLATION: { status: 400, code: 'malformed-multipart' },
  FST_ERR_VALIDATION: { status: 400, code: 'validation-failed' },
};

const MULTIPART_PARSE_ERROR = /^(Unexpected end of (form|multipart data)|Malformed part header|Multipart: Boundary not found|Malformed urlencoded form)/;

export function statusFor(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof AuthenticationError) return { status: 401, body: errorBody(err.code, err.message) };
  if (err instanceof ForbiddenError) return { status: 403, body: errorBody(err.code, err.message) };
  if (err instanceof TooManyAttemptsError) return { status: 429, body: errorBody(err.code, err.message, err.details) };
  if (err instanceof NotFoundError) return { status: 404, body: errorBody(err.code, err.message, err.details) };
  if (err instanceof ConflictError) return { status: 409, body: errorBody(err.code, err.message, err.details) };
  if (err instanceof LimitError) return { status: 413, body: errorBody(err.code, err.message, err.details) };
  if (err instanceof InputError) return { status: 400, body: errorBody(err.code, err.message, err.details) };
  const fe = err as FastifyError & { validation?: { instancePath?: string; message?: string; params?: unknown }[]; validationContext?: string };
  if (fe && Array.isArray(fe.validation)) {
    const where = fe.validationContext ?? 'request';
    const issues = fe.validation.map((v) => ({
      pointer: `/${where}${v.instancePath ?? ''}`,
      message: v.message ?? 'invalid',
      params: v.params,
    }));
    return { status: 400, body: errorBody('validation-failed', `invalid ${where}: ${fe.message}`, { issues }) };
  }
  // busboy (under @fastify/multipart) reports a body cut short or a broken boundary as a plain Error.
  if (fe instanceof Error && !fe.code && MULTIPART_PARSE_ERROR.test(fe.message)) {
    return { status: 400, body: errorBody('malformed-multipart', `the upload could not be read: ${fe.message}`) };
  }
  const known = fe?.code ? FASTIFY_CODES[fe.code] : undefined;
  if (known) return { status: known.status, body: errorBody(known.code, fe.message) };
  if (err instanceof BulwarkError) return { status: 500, body: errorBody(err.code, err.message) };
  if (fe && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, body: errorBody(fe.code ? fe.code.toLowerCase() : 'bad-request', fe.message) };
  }
  return { status: 500, body: errorBody('internal', 'internal error; the server log has the details') };
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const { status, body } = statusFor(err);
    if (err instanceof TooManyAttemptsError) void reply.header('retry-after', String(err.retryAfterSeconds));
    if (status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: body.error.code }, body.error.message);
    void reply.status(status).type('application/json; charset=utf-8').send(body);
  });
}
