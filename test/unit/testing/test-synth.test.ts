import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Chart } from 'cdk8s';
import { ConfigMap, Namespace, PostgresCluster, Stack, WebService } from '../../../index';
import { synth, testApp, TEST_SECRET_SEED } from '../../../testing';
import { SECRET_SEED_ENV } from '../../../constructs/patterns/secret-seed';

function shop() {
  const app = testApp();
  const prod = new Stack(app, 'prod', { namespace: 'shop', labels: { team: 'web' } });
  new Namespace(prod, 'ns', { metadata: { name: 'shop' } });
  new WebService(prod, 'storefront', { image: 'ghcr.io/acme/storefront:1.4.2', containerPort: 8080, minReplicas: 2, maxReplicas: 4 });
  const staging = new Stack(app, 'staging', { namespace: 'shop-staging' });
  new Namespace(staging, 'ns', { metadata: { name: 'shop-staging' } });
  new ConfigMap(staging, 'settings', { metadata: { name: 'settings' }, data: { mode: 'staging' } });
  return { app, prod, staging };
}

describe('kapstan/testing', () => {
  const cwd = process.cwd();
  const savedSeed = process.env[SECRET_SEED_ENV];
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-testing-'));
    process.chdir(dir);
    delete process.env[SECRET_SEED_ENV];
  });
  afterEach(() => {
    process.chdir(cwd);
    if (savedSeed === undefined) delete process.env[SECRET_SEED_ENV];
    else process.env[SECRET_SEED_ENV] = savedSeed;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('synthesizes every stack in memory, in apply order, with stack defaults, writing nothing', () => {
    const { app } = shop();
    const out = synth(app);
    expect(out.ok).toBe(true);
    expect(out.problems).toEqual([]);
    expect(out.stacks.map((s) => [s.name, s.namespace])).toEqual([['prod', 'shop'], ['staging', 'shop-staging']]);
    const deployment = out.get('Deployment', 'storefront', 'shop');
    expect(deployment.metadata.labels?.team).toBe('web');
    expect(deployment.spec.template.spec.containers[0].image).toBe('ghcr.io/acme/storefront:1.4.2');
    expect(out.all('Namespace').map((m) => m.metadata.name)).toEqual(['shop', 'shop-staging']);
    // the Namespace of a stack comes before its workloads, as in dist/
    const kinds = out.stacks[0].manifests.map((m) => m.kind);
    expect(kinds.indexOf('Namespace')).toBeLessThan(kinds.indexOf('Deployment'));
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('synthesizes one stack when given a stack', () => {
    const { staging } = shop();
    const out = synth(staging);
    expect(out.stacks.map((s) => s.name)).toEqual(['staging']);
    expect(out.find('Deployment', 'storefront')).toBeUndefined();
    expect(out.get('ConfigMap', 'settings').data).toEqual({ mode: 'staging' });
  });

  it('names what exists when a manifest is not there', () => {
    const { staging } = shop();
    expect(() => synth(staging).get('Secret', 'settings')).toThrow(
      /no Secret settings was synthesized \(have: Namespace shop-staging, ConfigMap shop-staging\/settings\)/,
    );
  });

  it('returns validation problems as data instead of throwing', () => {
    const app = testApp();
    const chart = new Chart(app, 'raw');
    new (require('cdk8s').ApiObject)(chart, 'bad', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'Bad_Name' },
      spec: { ports: [{ port: 'eighty' }] },
    });
    const out = synth(app);
    expect(out.ok).toBe(false);
    expect(out.problems.length).toBeGreaterThan(0);
    expect(out.problems.every((p) => p.path.startsWith('raw'))).toBe(true);
    expect(out.problems.some((p) => p.severity === 'error' && p.field !== undefined)).toBe(true);
    expect(synth(app, { validate: 'warn' }).ok).toBe(true);
  });

  it('gives the same YAML on every run: generated passwords use a fixed test seed', () => {
    const build = () => {
      const app = testApp();
      const data = new Stack(app, 'data', { namespace: 'db' });
      new PostgresCluster(data, 'orders', { instances: 1 });
      return synth(app).toYaml();
    };
    const first = build();
    expect(first).toContain('kind: StatefulSet');
    expect(build()).toBe(first);
    expect(process.env[SECRET_SEED_ENV]).toBe(TEST_SECRET_SEED);
    expect(fs.existsSync(path.join(dir, '.kapstan'))).toBe(false);
  });
});
