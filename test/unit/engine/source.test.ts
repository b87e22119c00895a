import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findStackDir, readStackDir } from '../../../engine/source';
import { checkDesired, normalizeManifest } from '../../../engine/targets';
import { conflictMessage, immutableMessage, isImmutableError } from '../../../engine/apply-object';
import { ApiError } from '../../../engine/errors';

function writeStack(root: string, stack: string, objects: any[], files: Record<string, string>) {
  const dir = path.join(root, stack);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify({ kapstanVersion: '0.1.0', stack, context: null, namespace: 'web', objects }));
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  return dir;
}

describe('reading synth output', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-src-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads objects in index order with their groups and paths', () => {
    writeStack(root, 'prod', [
      { apiVersion: 'v1', kind: 'Namespace', name: 'web', namespace: null, group: 'namespaces', file: '01-namespaces.k8s.yaml', path: 'prod/ns' },
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'cfg', namespace: 'web', group: 'config', file: '02-config.k8s.yaml', path: 'prod/cfg' },
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'other', namespace: 'web', group: 'config', file: '02-config.k8s.yaml', path: 'prod/other' },
    ], {
      '01-namespaces.k8s.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n',
      '02-config.k8s.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n  namespace: web\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: web\ndata:\n  a: b\n',
    });
    const s = readStackDir(findStackDir(root, 'prod'));
    expect(s.stack).toBe('prod');
    expect(s.namespace).toBe('web');
    expect(s.objects.map((o) => [o.group, o.path, o.manifest.metadata.name])).toEqual([['namespaces', 'prod/ns', 'web'], ['config', 'prod/cfg', 'cfg'], ['config', 'prod/other', 'other']]);
    expect(s.objects[1].manifest.data).toEqual({ a: 'b' });
    expect(readStackDir(path.join(root, 'prod'), 'prod').stack).toBe('prod');
    expect(() => readStackDir(path.join(root, 'prod'), 'staging')).toThrow(/--stack staging does not match .*index.json, which holds stack "prod"/);
    // A single stack is found without --stack.
    expect(findStackDir(root)).toBe(path.join(root, 'prod'));
  });

  it('gives clear errors for missing dirs, stacks and objects', () => {
    expect(() => findStackDir(path.join(root, 'nope'))).toThrow(/no such directory/);
    expect(() => findStackDir(root, 'staging')).toThrow(/no stack "staging".*prod/);
    const dir = writeStack(root, 'broken', [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'missing', namespace: 'web', group: 'config', file: '02-config.k8s.yaml' }],
      { '02-config.k8s.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: web\n' });
    expect(() => readStackDir(dir)).toThrow(/ConfigMap web\/missing is not in 02-config.k8s.yaml/);
    expect(() => findStackDir(root)).toThrow(/several stacks/);
  });

  const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: web\n`;
  const listed = (name: string, file = '02-config.k8s.yaml') => ({ apiVersion: 'v1', kind: 'ConfigMap', name, namespace: 'web', group: 'config', file });

  it('refuses a document the index does not list, in a listed file or another one', () => {
    const a = writeStack(root, 'unlisted', [listed('a')], { '02-config.k8s.yaml': `${cm('a')}---\n${cm('b')}` });
    expect(() => readStackDir(a)).toThrow(/unlisted\/02-config.k8s.yaml document 2: ConfigMap web\/b is not listed in .*index.json/);
    const b = writeStack(root, 'stray', [listed('a')], { '02-config.k8s.yaml': cm('a'), '09-custom.k8s.yaml': cm('c') });
    expect(() => readStackDir(b)).toThrow(/stray\/09-custom.k8s.yaml document 1: ConfigMap web\/c is not listed/);
  });

  it('refuses duplicates in a file and in the index', () => {
    const a = writeStack(root, 'dupdoc', [listed('a')], { '02-config.k8s.yaml': `${cm('a')}---\n${cm('a')}` });
    expect(() => readStackDir(a)).toThrow(/02-config.k8s.yaml document 2: ConfigMap web\/a is also document 1 of this file/);
    const b = writeStack(root, 'dupindex', [listed('a'), listed('a')], { '02-config.k8s.yaml': cm('a') });
    expect(() => readStackDir(b)).toThrow(/objects\[1\]: ConfigMap web\/a is listed twice \(also objects\[0\]\)/);
  });

  it('refuses malformed documents and non-string Secret data, naming file, document and field, never the value', () => {
    const secret = (body: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: web\n${body}`;
    const listedSecret = { apiVersion: 'v1', kind: 'Secret', name: 's', namespace: 'web', group: 'config', file: '02-config.k8s.yaml' };
    const num = writeStack(root, 'numdata', [listedSecret], { '02-config.k8s.yaml': secret('data:\n  pin: 123456\n') });
    expect(() => readStackDir(num)).toThrow(/numdata\/02-config.k8s.yaml document 1: Secret s: field data.pin must be a string \(got number\)/);
    try { readStackDir(num); } catch (err) { expect((err as Error).message).not.toContain('123456'); }
    const b64 = writeStack(root, 'notb64', [listedSecret], { '02-config.k8s.yaml': secret('data:\n  pw: "not base64!"\n') });
    expect(() => readStackDir(b64)).toThrow(/field data.pw is not base64/);
    const bad = writeStack(root, 'noname', [listed('a')], { '02-config.k8s.yaml': `${cm('a')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {}\n` });
    expect(() => readStackDir(bad)).toThrow(/noname\/02-config.k8s.yaml document 2: field metadata.name is missing/);
    const scalar = writeStack(root, 'scalar', [listed('a')], { '02-config.k8s.yaml': `${cm('a')}---\njust text\n` });
    expect(() => readStackDir(scalar)).toThrow(/scalar\/02-config.k8s.yaml document 2: not an object/);
  });
});

describe('targets', () => {
  it('rejects duplicates and missing names before any API call', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'x' } };
    expect(() => checkDesired([{ manifest: cm, group: 'config', path: 'p1' }, { manifest: cm, group: 'config', path: 'p2' }])).toThrow(/p2: ConfigMap x\/a is declared twice \(also at p1\)/);
    expect(() => checkDesired([{ manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }, group: 'config', path: 'p3' }])).toThrow(/p3: field metadata.name/);
  });

  it('normalizes: namespace default, part-of label, stringData folded into data', () => {
    const m = normalizeManifest({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { pw: 'abc' } }, true, 'web', 'applyset-x-v1');
    expect(m.metadata.namespace).toBe('web');
    expect(m.metadata.labels['applyset.kubernetes.io/part-of']).toBe('applyset-x-v1');
    expect(m.data).toEqual({ pw: Buffer.from('abc').toString('base64') });
    expect(m.stringData).toBeUndefined();
    const ns = normalizeManifest({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n', namespace: 'oops' } }, false, 'web', 'id');
    expect(ns.metadata.namespace).toBeUndefined();
  });
});

describe('apply error messages', () => {
  const t: any = { label: 'Deployment web/api', path: 'prod/api' };
  it('a conflict names the fields and the other manager, and the fix', () => {
    const msg = conflictMessage(t, { details: { causes: [
      { reason: 'FieldManagerConflict', message: 'conflict with "kubectl-edit" using apps/v1', field: '.spec.replicas' },
      { reason: 'FieldManagerConflict', message: 'conflict with "kubectl-edit" using apps/v1', field: '.spec.template.spec.containers[name="api"].image' },
    ] } });
    expect(msg).toContain('.spec.replicas, .spec.template.spec.containers[name="api"].image (owned by field manager "kubectl-edit")');
    expect(msg).toContain('--force-conflicts');
  });

  it('an immutable-field rejection explains --replace', () => {
    const body = { message: 'Job.batch "m" is invalid: spec.template: Invalid value: ...: field is immutable', details: { causes: [{ field: 'spec.template', message: 'Invalid value: field is immutable' }] } };
    const err = new ApiError('x', 422, 'Invalid', { verb: 'patch', resource: 'jobs.batch' }, body);
    expect(isImmutableError(err)).toBe(true);
    expect(immutableMessage(t, body)).toMatch(/field spec.template cannot be changed in place.*--replace/);
    expect(isImmutableError(new ApiError('x', 422, 'Invalid', { verb: 'patch', resource: 'x' }, { message: 'spec.replicas: must be >= 0' }))).toBe(false);
  });
});
