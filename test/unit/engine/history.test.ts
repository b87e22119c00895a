import { randomBytes } from 'node:crypto';
import { decodePayload, encodePayload, revisionName } from '../../../engine/history';
import { previousGood } from '../../../engine/rollback';

describe('history encoding', () => {
  it('round-trips and compresses', () => {
    const objects = Array.from({ length: 1000 }, (_, i) => ({ group: 'config', path: `p/${i}`, manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` }, data: { k: 'v'.repeat(50) } } }));
    const payload = { stack: 's', namespace: 'n', objects };
    const chunks = encodePayload(payload);
    expect(chunks).toHaveLength(1);
    expect(chunks[0].length).toBeLessThan(JSON.stringify(payload).length / 10);
    expect(decodePayload(chunks)).toEqual(payload);
  });

  it('splits incompressible payloads into parts that stay under 1 MiB after base64', () => {
    const objects = [{ group: 'config', path: 'p', manifest: { kind: 'Secret', data: { blob: randomBytes(2_000_000).toString('base64') } } }];
    const chunks = encodePayload({ stack: 's', namespace: 'n', objects });
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(Math.ceil(c.length / 3) * 4).toBeLessThan(1024 * 1024 - 4096);
    expect(decodePayload(chunks).objects[0].manifest.data.blob).toBe(objects[0].manifest.data.blob);
  });

  it('names revisions', () => {
    expect(revisionName('prod', 3)).toBe('kapstan-history-prod-v3');
    expect(revisionName('prod', 3, 1)).toBe('kapstan-history-prod-v3-p1');
  });

  it('rolls back to the newest succeeded revision before the given one', () => {
    const r = (revision: number, outcome: any) => ({ revision, outcome, time: '', version: '', objects: 0, name: '' });
    const revs = [r(1, 'succeeded'), r(2, 'succeeded'), r(3, 'failed'), r(4, 'failed')];
    expect(previousGood(revs)?.revision).toBe(2);
    expect(previousGood(revs, 2)?.revision).toBe(1);
    expect(previousGood([r(1, 'failed')])).toBeUndefined();
  });

  it('never takes a revision that was applied without being verified (--no-wait, interrupted) or left pending', () => {
    const r = (revision: number, outcome: any) => ({ revision, outcome, time: '', version: '', objects: 0, name: '' });
    expect(previousGood([r(1, 'succeeded'), r(2, 'applied'), r(3, 'pending'), r(4, 'failed')])?.revision).toBe(1);
    expect(previousGood([r(1, 'applied'), r(2, 'failed')])).toBeUndefined();
  });
});
