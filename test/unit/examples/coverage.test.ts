// Across the examples every kind that issue 2's construct library covers appears at least once,
// and cdk8s.yaml's app (examples/main.ts) synthesizes all of them through `kapstan synth`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXAMPLES } from '../../../examples';
import { synthApp } from '../../../synth';
import { renderExample } from './render';

jest.setTimeout(120_000);

const REQUIRED_KINDS = [
  // workloads and scheduling
  'Pod', 'Deployment', 'StatefulSet', 'Job', 'CronJob', 'DaemonSet', 'PriorityClass',
  // networking
  'Service', 'Ingress', 'NetworkPolicy',
  // config
  'ConfigMap', 'Secret',
  // storage
  'StorageClass', 'PersistentVolumeClaim', 'PersistentVolume',
  // tenancy and access
  'Namespace', 'ServiceAccount', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ResourceQuota', 'LimitRange',
  // availability and scaling
  'HorizontalPodAutoscaler', 'PodDisruptionBudget',
];

describe('examples', () => {
  it('cover every kind of the construct library', () => {
    const seen = new Set(Object.keys(EXAMPLES).flatMap((name) => renderExample(name).objects.map((o) => o.kind)));
    expect(REQUIRED_KINDS.filter((k) => !seen.has(k))).toEqual([]);
  });

  it('include the issue-2 set: web service, PostgreSQL with two replicas, batch, node agent, team namespace', () => {
    const web = renderExample('web-service').objects.map((o) => o.kind);
    expect(web).toEqual(expect.arrayContaining(['Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Ingress', 'NetworkPolicy']));
    const pg = renderExample('postgres').objects;
    const sts = pg.find((o) => o.kind === 'StatefulSet')!;
    expect(sts.spec.replicas).toBe(3);
    expect(sts.spec.volumeClaimTemplates[0].spec.storageClassName).toBe('gp3-encrypted');
    expect(pg.filter((o) => o.kind === 'Service').map((o) => o.metadata.name).sort()).toEqual(['orders-pg-headless', 'orders-pg-ro', 'orders-pg-rw']);
    const batch = renderExample('batch').objects;
    expect(batch.find((o) => o.kind === 'CronJob')!.spec.schedule).toBe('30 2 * * *');
    expect(batch.find((o) => o.kind === 'Job')!.spec.completionMode).toBe('Indexed');
    expect(renderExample('node-log-agent').objects.find((o) => o.kind === 'DaemonSet')!.spec.template.spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(renderExample('team-namespace').objects.map((o) => o.kind)).toEqual(
      expect.arrayContaining(['Namespace', 'ResourceQuota', 'LimitRange', 'ServiceAccount', 'RoleBinding']),
    );
  });

  it('examples/main.ts (cdk8s.yaml app) synthesizes every example through kapstan synth', async () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-examples-'));
    try {
      const result = await synthApp({
        cwd: path.resolve(__dirname, '../../..'),
        outdir,
        stdio: 'pipe',
        validate: 'strict',
      });
      expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(result.ok).toBe(true);
      // One stack per example, plus the federation example's three members and its Karmada output.
      expect(result.stacks.length).toBe(Object.keys(EXAMPLES).length + 4);
      for (const s of result.stacks) expect(fs.existsSync(path.join(outdir, s.dir, 'index.json'))).toBe(true);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
