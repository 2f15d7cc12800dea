import { describe, expect, it } from 'vitest';
import { auditQueryToApi, auditQueryToUrl, formatAnchor, hasAuditFilters, isAnchor, localDayStart, parseAuditQuery, withAuditFilters } from './auditQuery';

describe('audit log URL state', () => {
  it('round-trips filters and the paging cursor', () => {
    const url = new URLSearchParams('actor=alice&action=auth.&outcome=failure&since=2025-03-01&until=2025-03-31&before=120');
    const query = parseAuditQuery(url);
    expect(query).toEqual({ actor: 'alice', action: 'auth.', outcome: 'failure', since: '2025-03-01', until: '2025-03-31', before: 120 });
    expect(parseAuditQuery(auditQueryToUrl(query))).toEqual(query);
  });

  it('drops what the server would refuse: unknown outcomes, malformed days, bad cursors, blank text', () => {
    const query = parseAuditQuery(new URLSearchParams('actor=%20%20&outcome=maybe&since=yesterday&until=2025-02-31x&before=-3'));
    expect(query).toEqual({});
    expect(parseAuditQuery(new URLSearchParams('before=1.5'))).toEqual({});
    expect(parseAuditQuery(new URLSearchParams(`action=${'x'.repeat(300)}`)).action).toHaveLength(128);
  });

  it('a changed filter starts again from the newest entry', () => {
    expect(withAuditFilters({ actor: 'a', before: 50 }, { outcome: 'denied' })).toEqual({ actor: 'a', outcome: 'denied' });
    expect(hasAuditFilters({ before: 4 })).toBe(false);
    expect(hasAuditFilters({ since: '2025-01-01' })).toBe(true);
  });
});

describe('audit API query', () => {
  it('turns the inclusive day range into local midnights, with the page size and cursor', () => {
    const params = auditQueryToApi({ actor: 'bob', since: '2025-03-01', until: '2025-03-02', before: 77 }, 25);
    expect(params.get('actor')).toBe('bob');
    expect(params.get('since')).toBe(new Date(2025, 2, 1).toISOString());
    expect(params.get('until')).toBe(new Date(2025, 2, 3).toISOString());
    expect(params.get('limit')).toBe('25');
    expect(params.get('before')).toBe('77');
    expect(params.has('outcome')).toBe(false);
  });

  it('crosses month ends', () => {
    expect(localDayStart('2025-01-31', true)).toBe(new Date(2025, 1, 1).toISOString());
  });
});

describe('anchors', () => {
  it('writes and recognises SEQ:HASH', () => {
    const anchor = formatAnchor({ seq: 42, hash: 'a'.repeat(64) });
    expect(anchor).toBe(`42:${'a'.repeat(64)}`);
    expect(isAnchor(anchor)).toBe(true);
    expect(isAnchor(` ${anchor} `)).toBe(true);
    expect(isAnchor('42:abc')).toBe(false);
    expect(isAnchor(`x:${'a'.repeat(64)}`)).toBe(false);
  });
});
