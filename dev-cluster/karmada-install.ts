import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { DevApi } from './api';

// Karmada's CRDs and webhook configuration are read from the copy build.sh keeps beside the
// binaries (`build.sh --print-karmada-dir`), never from this repository. Their in-cluster
// addresses (`karmada-webhook.karmada-system.svc`) become the loopback port the webhook listens on.

export interface InstallTarget {
  /** Karmada's files: crds/ (kustomization.yaml, bases/, patches/) and deploy/. */
  filesDir: string;
  caCert: string;
  webhookPort: number;
  aggregatedApiserverPort: number;
}

const b64 = (path: string) => readFileSync(path).toString('base64');

function docs(path: string): any[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((d) => d.toJS()).filter((d) => d && typeof d === 'object');
}

/** The CRDs of crds/kustomization.yaml, with its conversion-webhook patches pointed at the local webhook. */
export function karmadaCrds(t: InstallTarget): any[] {
  const crdDir = join(t.filesDir, 'crds');
  const kustomization = docs(join(crdDir, 'kustomization.yaml'))[0] as { resources: string[]; patches?: { path: string }[] };
  const crds = kustomization.resources.flatMap((r) => docs(join(crdDir, r)));
  for (const p of kustomization.patches ?? []) {
    for (const patch of docs(join(crdDir, p.path))) {
      const crd = crds.find((c) => c.metadata?.name === patch.metadata?.name);
      if (!crd) throw new Error(`${join(crdDir, p.path)}: patches CRD ${patch.metadata?.name}, which the kustomization does not list`);
      crd.spec.conversion = {
        strategy: 'Webhook',
        webhook: {
          clientConfig: { url: `https://127.0.0.1:${t.webhookPort}/convert`, caBundle: b64(t.caCert) },
          conversionReviewVersions: patch.spec?.conversion?.webhook?.conversionReviewVersions ?? ['v1'],
        },
      };
    }
  }
  return crds;
}

/** Mutating and validating webhook configurations, every `url:` on 127.0.0.1. */
export function karmadaWebhooks(t: InstallTarget): any[] {
  const text = readFileSync(join(t.filesDir, 'deploy', 'webhook-configuration.yaml'), 'utf8')
    .replace(/https:\/\/karmada-webhook\.karmada-system\.svc(:443)?\//g, `https://127.0.0.1:${t.webhookPort}/`)
    .replace(/\{\{caBundle\}\}/g, b64(t.caCert));
  const out = parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);
  for (const cfg of out) {
    for (const w of cfg.webhooks ?? []) {
      if (!String(w.clientConfig?.url ?? '').startsWith('https://127.0.0.1:')) {
        throw new Error(`Karmada webhook ${w.name} has no url: on the local webhook (${JSON.stringify(w.clientConfig)}); deploy/webhook-configuration.yaml changed shape`);
      }
    }
  }
  return out;
}

/** The APIService of cluster.karmada.io, backed by an ExternalName Service to the local aggregated apiserver. */
export function karmadaApiService(t: InstallTarget): any[] {
  const service = { name: 'karmada-aggregated-apiserver', namespace: 'karmada-system', port: t.aggregatedApiserverPort };
  return [
    {
      apiVersion: 'v1', kind: 'Service', metadata: { name: service.name, namespace: service.namespace },
      spec: { type: 'ExternalName', externalName: 'localhost', ports: [{ port: t.aggregatedApiserverPort }] },
    },
    {
      apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: { name: 'v1alpha1.cluster.karmada.io' },
      spec: { group: 'cluster.karmada.io', version: 'v1alpha1', service, caBundle: b64(t.caCert), groupPriorityMinimum: 2000, versionPriority: 10 },
    },
  ];
}

const COLLECTIONS: Record<string, (o: any) => string> = {
  Namespace: () => '/api/v1/namespaces',
  Service: (o) => `/api/v1/namespaces/${o.metadata.namespace}/services`,
  Secret: (o) => `/api/v1/namespaces/${o.metadata.namespace}/secrets`,
  ServiceAccount: (o) => `/api/v1/namespaces/${o.metadata.namespace}/serviceaccounts`,
  ClusterRoleBinding: () => '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
  CustomResourceDefinition: () => '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
  MutatingWebhookConfiguration: () => '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations',
  ValidatingWebhookConfiguration: () => '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations',
  APIService: () => '/apis/apiregistration.k8s.io/v1/apiservices',
  Cluster: () => '/apis/cluster.karmada.io/v1alpha1/clusters',
};

/** Creates each object (an existing one counts as created, so a bootstrap step can be retried). */
export async function createAll(api: DevApi, objects: any[]): Promise<void> {
  await Promise.all(objects.map((o) => {
    const collection = COLLECTIONS[o.kind];
    if (!collection) throw new Error(`no collection known for ${o.kind} ${o.metadata?.name}`);
    return api.create(collection(o), o);
  }));
}

export const namespace = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
