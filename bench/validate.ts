// Prints how long validation takes on 1,000 Deployments + 1,000 Services (the synth benchmark's
// app), first run (loading the schema) and a second run. Not a test: nothing is asserted.
//   npx tsx bench/validate.ts
import { performance } from 'node:perf_hooks';
import { validateObjects } from '../validate';
import type { SynthObject } from '../synth/types';

export function benchApp(n: number): SynthObject[] {
  const objects: SynthObject[] = [];
  for (let i = 0; i < n; i++) {
    const name = `svc-${i}`;
    const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/managed-by': 'kapstan' };
    objects.push({
      stack: 'bench', path: `bench/${name}/Deployment`,
      manifest: {
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'bench', labels },
        spec: {
          replicas: 2,
          selector: { matchLabels: { 'app.kubernetes.io/name': name } },
          template: {
            metadata: { labels },
            spec: {
              automountServiceAccountToken: false,
              securityContext: { runAsNonRoot: true, fsGroup: 1000 },
              containers: [{
                name: 'app', image: `registry.example.com/app:${i}.0.0`, imagePullPolicy: 'IfNotPresent',
                ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
                env: [{ name: 'INDEX', value: String(i) }],
                resources: { requests: { cpu: '100m', memory: 134217728 }, limits: { cpu: 1, memory: '256Mi' } },
                readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5 },
                livenessProbe: { tcpSocket: { port: 8080 } },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, privileged: false },
              }],
            },
          },
        },
      },
    });
    objects.push({
      stack: 'bench', path: `bench/${name}/Service`,
      manifest: {
        apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'bench', labels },
        spec: { type: 'ClusterIP', selector: { 'app.kubernetes.io/name': name }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
      },
    });
  }
  return objects;
}

if (require.main === module) {
  const objects = benchApp(1000);
  for (const run of ['first run (loads the schema)', 'second run']) {
    const start = performance.now();
    const cpu = process.cpuUsage();
    const problems = validateObjects(objects, { importsDir: false });
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    // CPU time is printed too: on a busy machine wall-clock time mostly measures waiting.
    console.log(`validate ${objects.length} objects, ${run}: ${ms.toFixed(1)} ms (cpu ${cpuMs.toFixed(1)} ms), ${problems.length} problems`);
  }
}
