import type { Problem, SynthObject } from '../../../synth/types';
import { validateObjects } from '../../../validate';
import type { ValidateOptions } from '../../../validate';

/** A plain manifest as a SynthObject at `test/<Kind>/<name>`. */
export function obj(manifest: Record<string, any>, path?: string): SynthObject {
  return { manifest, path: path ?? `test/${manifest.kind}/${manifest.metadata?.name}`, stack: 'test' };
}

/** Validates plain manifests (each placed by `obj`) against the built-in schemas only (no generated imports). */
export function validateManifests(manifests: Array<Record<string, any>>, options: ValidateOptions = {}): Problem[] {
  return validateObjects(manifests.map((m) => obj(m)), { importsDir: false, ...options });
}

export function deployment(name: string, overrides: { labels?: Record<string, string>; container?: Record<string, any>; namespace?: string } = {}) {
  const labels = overrides.labels ?? { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, ...(overrides.namespace ? { namespace: overrides.namespace } : {}) },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [{
            name: 'app',
            image: 'nginx:1.27',
            ports: [{ name: 'http', containerPort: 8080 }],
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
            readinessProbe: { httpGet: { path: '/healthz', port: 'http' } },
            ...overrides.container,
          }],
        },
      },
    },
  };
}

export function service(name: string, selector: Record<string, string>, targetPort: number | string = 'http') {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector, ports: [{ name: 'http', port: 80, targetPort }] },
  };
}
