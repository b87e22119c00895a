import { objectId } from '../../../../engine/track/object-id';
import { annotatedTimeout, formatMs, parseDuration, waitDisabled } from '../../../../engine/track/timeout';

describe('parseDuration', () => {
  it.each([
    ['10m', 600_000],
    ['90s', 90_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['1m30s', 90_000],
    ['45', 45_000],
    ['1.5s', 1500],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'soon', '10x', '5m garbage', 'm5'])('rejects %j', (text) => {
    expect(() => parseDuration(text)).toThrow(/invalid duration/);
  });
});

describe('annotations', () => {
  it('reads kapstan.io/timeout', () => {
    expect(annotatedTimeout({ metadata: { annotations: { 'kapstan.io/timeout': '10m' } } })).toBe(600_000);
    expect(annotatedTimeout({ metadata: { annotations: { 'kapstan.io/timeout': 'bogus' } } })).toBeUndefined();
    expect(annotatedTimeout({ metadata: {} })).toBeUndefined();
  });

  it('reads kapstan.io/wait=false', () => {
    expect(waitDisabled({ metadata: { annotations: { 'kapstan.io/wait': 'false' } } })).toBe(true);
    expect(waitDisabled({ metadata: { annotations: { 'kapstan.io/wait': 'true' } } })).toBe(false);
  });
});

describe('objectId and formatMs', () => {
  it('formats ids', () => {
    expect(objectId({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'web' })).toBe('Deployment web/api');
    expect(objectId({ apiVersion: 'v1', kind: 'Namespace', name: 'web' })).toBe('Namespace web');
  });

  it('formats timeouts', () => {
    expect(formatMs(300_000)).toBe('5m');
    expect(formatMs(90_000)).toBe('1m30s');
    expect(formatMs(1500)).toBe('1.5s');
  });
});
