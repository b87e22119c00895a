// Fixtures for the engine's e2e tests: synth-output directories written directly (the contract in
// docs/architecture.md), and a runner for the real CLI that captures everything it prints.
import { spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { groupForKind, groupRank } from '../../engine/order';

export const ROOT = path.resolve(__dirname, '../..');

export interface FixtureObject {
  manifest: any;
  group?: string;
}

/** Writes dist/<stack>/ (index.json + numbered group files) into a fresh temp dir; returns the dist dir. */
export function writeStack(stack: string, namespace: string, manifests: any[], dir?: string): string {
  const dist = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), `kapstan-e2e-${stack}-`));
  const sd = path.join(dist, stack);
  fs.rmSync(sd, { recursive: true, force: true });
  fs.mkdirSync(sd, { recursive: true });
  const sorted = manifests.map((m) => ({ m, group: groupForKind(m.kind) })).sort((a, b) => groupRank(a.group) - groupRank(b.group));
  const groups: string[] = [...new Set(sorted.map((s) => s.group as string))];
  const fileOf = (g: string) => `${String(groups.indexOf(g) + 1).padStart(2, '0')}-${g}.k8s.yaml`;
  for (const g of groups) {
    fs.writeFileSync(path.join(sd, fileOf(g)), sorted.filter((s) => s.group === g).map((s) => stringify(s.m)).join('---\n'));
  }
  const index = {
    kapstanVersion: '0.1.0', stack, context: null, namespace, labels: {},
    objects: sorted.map((s) => ({
      apiVersion: s.m.apiVersion, kind: s.m.kind, name: s.m.metadata.name, namespace: s.m.metadata.namespace ?? null,
      group: s.group, file: fileOf(s.group), path: `${stack}/${s.m.kind}/${s.m.metadata.name}`,
    })),
  };
  fs.writeFileSync(path.join(sd, 'index.json'), JSON.stringify(index, null, 2));
  return dist;
}

const labels = (app: string) => ({ 'app.kubernetes.io/name': app, 'app.kubernetes.io/managed-by': 'kapstan' });

export function namespace(name: string) {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'kapstan' } } };
}

export function configMap(ns: string, name: string, data: Record<string, string> = { key: 'value' }, app = 'demo') {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, labels: labels(app) }, data };
}

export function secret(ns: string, name: string, stringData: Record<string, string>) {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns, labels: labels('demo') }, type: 'Opaque', stringData };
}

export function service(ns: string, name: string, app = name) {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns, labels: labels(app) },
    spec: { selector: { 'app.kubernetes.io/name': app }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } };
}

export function serviceAccount(ns: string, name: string) {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns, labels: labels('demo') } };
}

export function deployment(ns: string, name: string, image = 'nginx:1.27', extra: { replicas?: number; nodeSelector?: Record<string, string>; env?: any[] } = {}) {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns, labels: labels(name) },
    spec: {
      replicas: extra.replicas ?? 1,
      progressDeadlineSeconds: 600,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        metadata: { labels: labels(name) },
        spec: {
          ...(extra.nodeSelector ? { nodeSelector: extra.nodeSelector } : {}),
          containers: [{ name: 'main', image, ports: [{ containerPort: 8080 }], ...(extra.env ? { env: extra.env } : {}) }],
        },
      },
    },
  };
}

export function pvc(ns: string, name: string) {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: ns, labels: labels('demo') },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Mi' } } } };
}

/** The generated bench/test stack: ConfigMaps, Services, ServiceAccounts, Deployments in equal parts. */
export function bigStack(ns: string, count: number, variant = 0): any[] {
  const out: any[] = [namespace(ns)];
  const per = Math.floor((count - 1) / 4);
  for (let i = 0; i < per; i++) {
    out.push(configMap(ns, `cm-${i}`, { index: String(i), variant: String(variant) }));
    out.push(service(ns, `svc-${i}`, `app-${i}`));
    out.push(serviceAccount(ns, `sa-${i}`));
    out.push(deployment(ns, `app-${i}`, 'nginx:1.27', { replicas: 0 }));
  }
  for (let i = out.length; i < count; i++) out.push(configMap(ns, `cm-extra-${i}`));
  return out;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `kapstan <args>` with the given kubeconfig; resolves when it exits. */
export function kapstan(args: string[], env: Record<string, string> = {}, onSpawn?: (c: ChildProcess) => void): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/kapstan.js'), ...args], {
      cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
    onSpawn?.(child);
  });
}

/** Parses NDJSON output; the last line is the summary. */
export function ndjson(text: string): any[] {
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

/** A namespace name unique to this run, so tests can be re-run against the same cluster. */
export function uniqueNs(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}
