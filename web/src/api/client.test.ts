import { describe, expect, it } from 'vitest';
import { ApiError, errorFromResponse, readIssues } from './client';

describe('errorFromResponse', () => {
  it('reads the server error envelope', () => {
    const body = JSON.stringify({
      error: { code: 'invalid-input', message: 'bad.csv: 2 problem(s)', details: { issues: [{ line: 3, column: 'kind', code: 'unknown-kind', message: 'unknown kind "toaster"' }] } },
    });
    const error = errorFromResponse(400, 'Bad Request', body);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid-input');
    expect(error.message).toBe('bad.csv: 2 problem(s)');
    expect(error.issues).toEqual([{ line: 3, column: 'kind', code: 'unknown-kind', message: 'unknown kind "toaster"' }]);
    expect(error.isNotFound).toBe(false);
  });

  it('copes with bodies that are not the envelope: HTML, truncated JSON, empty, wrong types', () => {
    for (const body of ['<html>502 Bad Gateway</html>', '{"error": {"code": "x", "mess', '', 'null', '[1,2]', '{"error": "flat string"}', '{"error": {"code": 5, "message": {}}}']) {
      const error = errorFromResponse(502, 'Bad Gateway', body);
      expect(error.code).toBe('http-502');
      expect(error.message).toBe('502 Bad Gateway');
      expect(error.issues).toEqual([]);
    }
    expect(errorFromResponse(404, '', '').message).toBe('404 Request failed');
    expect(errorFromResponse(404, '', '').isNotFound).toBe(true);
  });
});

describe('readIssues', () => {
  it('keeps well-formed issues and drops malformed ones', () => {
    const issues = readIssues({
      issues: [
        { line: 4, column: 2, message: 'ok' },
        { message: 'no place' },
        { line: 'seven', message: 'line is not a number' },
        { line: 9 },
        null,
        'text',
        { line: Number.POSITIVE_INFINITY, message: 'infinite line' },
      ],
    });
    expect(issues).toEqual([
      { line: 4, column: 2, message: 'ok' },
      { message: 'no place' },
      { message: 'line is not a number' },
      { message: 'infinite line' },
    ]);
  });

  it('returns nothing for details without issues', () => {
    expect(readIssues(undefined)).toEqual([]);
    expect(readIssues({ issues: 'many' })).toEqual([]);
    expect(readIssues([{ message: 'x' }])).toEqual([]);
  });
});
