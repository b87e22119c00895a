import { backoffDelay, isRetryableError, isRetryableStatus, parseRetryAfter } from '../../../engine/retry';

describe('retry policy', () => {
  it('retries 429 and 5xx but not client errors', () => {
    for (const s of [429, 500, 502, 503, 504]) expect(isRetryableStatus(s)).toBe(true);
    for (const s of [400, 401, 403, 404, 409, 422]) expect(isRetryableStatus(s)).toBe(false);
  });

  it('retries connection errors', () => {
    expect(isRetryableError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isRetryableError(new Error('socket hang up'))).toBe(true);
    expect(isRetryableError(new Error('Unexpected token'))).toBe(false);
  });

  it('parses Retry-After in seconds and as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('backs off exponentially up to the cap, with jitter in [50%, 100%]', () => {
    const o = { baseMs: 100, maxMs: 1000 };
    expect(backoffDelay(1, o, 0.999)).toBeLessThanOrEqual(100);
    expect(backoffDelay(1, o, 0)).toBe(50);
    expect(backoffDelay(3, o, 0.999)).toBeGreaterThan(390);
    expect(backoffDelay(10, o, 0.999)).toBeLessThanOrEqual(1000);
  });
});

describe('a 500 that retrying cannot heal', () => {
  const { isPermanent500 } = require('../../../engine/client') as typeof import('../../../engine/client');
  it('fails at once on server-side apply schema misfits and webhooks, retries other 500s', () => {
    expect(isPermanent500({ code: 500, message: 'failed to create typed patch object (ns/typo; /v1, Kind=Secret): .stringDatx: field not declared in schema' })).toBe(true);
    expect(isPermanent500({ code: 500, message: 'failed to create typed patch object (ns/s; /v1, Kind=Secret): .data.pin: expected string, got &value.valueUnstructured{Value:123}' })).toBe(true);
    expect(isPermanent500({ code: 500, message: 'Internal error occurred: failed calling webhook "x.example.com"' })).toBe(true);
    expect(isPermanent500({ code: 500, message: 'etcdserver: request timed out' })).toBe(false);
    expect(isPermanent500(undefined)).toBe(false);
  });
});
