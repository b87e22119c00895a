// `--all` and `--selector` over the stacks of one app: an app of four stacks (web depends on db,
// db on base; batch on nothing), synthesized by `kapstan synth`, so `stack.addDependency` goes
// through index.json to the engine. Apply runs them in waves of their dependencies, independent
// ones together; destroy in reverse; a selector picks stacks by their labels.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeClient } from '../../engine/client';
import { engineCluster, ClusterInfo } from './engine-cluster';
import { kapstan, ndjson, ROOT, uniqueNs } from './engine-fixtures';

jest.setTimeout(300_000);

const APP = `
const { ApiObject, App } = require(${JSON.stringify(path.join(ROOT, 'node_modules/cdk8s'))});
const { Stack } = require(${JSON.stringify(path.join(ROOT, 'index'))});
const app = new App();
const sfx = process.env.SFX;
const mk = (name, labels) => {
  const s = new Stack(app, name, { namespace: name + '-' + sfx, labels });
  new ApiObject(s, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: name + '-' + sfx } });
  new ApiObject(s, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { stack: name } });
  return s;
};
const base = mk('base', { team: 'platform' });
const db = mk('db', { team: 'data' });
const web = mk('web', { team: 'web' });
mk('batch', { team: 'data' });
db.addDependency(base);
web.addDependency(db);
if (process.env.CYCLE) base.addDependency(web);
app.synth();
`;

describe('cli: every stack of the app in one command', () => {
  const clusterOf = engineCluster({ shared: true });
  let c: ClusterInfo;
  let client: KubeClient;
  let appFile: string;
  let out: string;
  const sfx = uniqueNs('all');

  beforeAll(async () => {
    c = clusterOf();
    client = await KubeClient.connect({ kubeconfig: c.kubeconfig });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-all-'));
    appFile = path.join(dir, 'app.ts');
    fs.writeFileSync(appFile, APP);
    out = path.join(dir, 'dist');
    // Synthesized to a folder of its own (synth prunes stale stack folders of its output dir).
    const synth = await kapstan(['synth', '--app', `npx tsx ${appFile}`, '-o', out], { SFX: sfx });
    expect(synth.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'web', 'index.json'), 'utf8')).dependsOn).toEqual(['db']);
  });
  afterAll(() => client?.close());

  const cli = (args: string[], env: Record<string, string> = {}) =>
    kapstan([...args, '--kubeconfig', c.kubeconfig], { SFX: sfx, ...env });
  const settings = (stack: string) => client.request('GET', `/api/v1/namespaces/${stack}-${sfx}/configmaps/settings`, { allow: [404] });
  /** `stack:phase` of each stack-phase event, in the order printed. */
  const phases = (stdout: string) => ndjson(stdout).filter((e) => e.type === 'stack-phase').map((e) => `${e.stack}:${e.phase}`);

  it('apply --all: in waves of the dependencies, independent stacks together, one summary', async () => {
    const r = await cli(['apply', '--all', '--dir', out, '--output', 'json']);
    expect(r.code).toBe(0);
    const events = ndjson(r.stdout);
    const sum = events.at(-1);
    expect(sum).toMatchObject({ type: 'summary', command: 'apply', all: true, ok: true, succeeded: 4 });
    expect(Object.fromEntries(sum.stacks.map((s: any) => [s.stack, s.wave]))).toEqual({ base: 1, batch: 1, db: 2, web: 3 });
    const p = phases(r.stdout);
    expect(p.indexOf('db:running')).toBeGreaterThan(p.indexOf('base:succeeded'));
    expect(p.indexOf('web:running')).toBeGreaterThan(p.indexOf('db:succeeded'));
    // Each stack's own summary, tagged with its name.
    expect(events.filter((e) => e.type === 'stack-summary').map((e) => e.stack).sort()).toEqual(['base', 'batch', 'db', 'web']);
    for (const s of ['base', 'batch', 'db', 'web']) expect((await settings(s))?.data).toEqual({ stack: s });
  });

  it('a selector picks stacks by their labels; diff --all prints one table', async () => {
    const st = await cli(['status', '--selector', 'team=data', '--dir', out, '--output', 'json']);
    expect(st.code).toBe(0);
    expect(ndjson(st.stdout).at(-1).stacks.map((s: any) => s.stack).sort()).toEqual(['batch', 'db']);

    const d = await cli(['diff', '--all', '--dir', out]);
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/^STACK +WAVE +RESULT +TOCREATE/m);
    expect(d.stdout).toContain('diff --all: done');

    const none = await cli(['status', '-l', 'team=nobody', '--dir', out]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no stack matches --selector team=nobody');
  });

  it('stacks depending on each other in a cycle: an error naming it, nothing sent', async () => {
    const other = uniqueNs('all-cycle');
    const cycled = path.join(path.dirname(out), 'cycle');
    expect((await kapstan(['synth', '--app', `npx tsx ${appFile}`, '-o', cycled], { SFX: other, CYCLE: '1' })).code).toBe(0);
    const r = await cli(['apply', '--all', '--dir', cycled]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('stacks depend on each other in a cycle: base -> web -> db -> base');
    expect(await client.request('GET', `/api/v1/namespaces/base-${other}`, { allow: [404] })).toBeUndefined();
  });

  it('destroy --all goes in reverse: a stack after every stack that depends on it', async () => {
    const r = await cli(['destroy', '--all', '--dir', out, '--yes', '--output', 'json']);
    expect(r.code).toBe(0);
    const p = phases(r.stdout);
    expect(p.indexOf('db:running')).toBeGreaterThan(p.indexOf('web:succeeded'));
    expect(p.indexOf('base:running')).toBeGreaterThan(p.indexOf('db:succeeded'));
    for (const s of ['base', 'batch', 'db', 'web']) expect(await settings(s)).toBeUndefined();
  });
});
