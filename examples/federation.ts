// One app on three clusters: a WebService placed on every member with its 8 replicas (and its
// autoscaler's bounds) divided 2:1:1 by weight, a region-only audit log ConfigMap placed by label
// selector, an image override for the US cluster, and Karmada policies for teams that run Karmada.
// Synthesizes to dist/global/<cluster>/ (+ dist/global/karmada/); deploy with
// `kapstan apply --federation global` (see stacks/README.md).
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { ConfigMap, WebService } from '../constructs';
import { Federation } from '../stacks';

export function federationExample(scope: Construct): Federation {
  const fed = new Federation(scope, 'global', {
    namespace: 'global-web',
    labels: { team: 'storefront' },
    members: [
      { name: 'eu-1', context: 'kapstan-eu-1', labels: { region: 'eu', zone: 'a' }, weight: 2, wave: 1 },
      { name: 'eu-2', context: 'kapstan-eu-2', labels: { region: 'eu', zone: 'b' }, weight: 1, wave: 2 },
      { name: 'us-1', context: 'kapstan-us-1', labels: { region: 'us', zone: 'c' }, weight: 1, wave: 2 },
    ],
    karmada: { context: 'karmada-apiserver' },
  });

  const web = new WebService(fed, 'web', {
    image: 'ghcr.io/acme/storefront:2.3.1',
    minReplicas: 8,
    maxReplicas: 24,
    resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
  });
  fed.place(web, { replicas: { type: 'Divided', limits: { 'us-1': { min: 1 } } } });
  fed.override(web, { clusters: ['us-1'], image: 'registry.us.acme.example/storefront:2.3.1' });

  // EU data-residency settings only on the EU members.
  const eu = new Chart(fed, 'eu-settings');
  new ConfigMap(eu, 'Residency', {
    metadata: { name: 'data-residency' },
    app: { name: 'storefront', component: 'settings' },
    data: { REGION: 'eu', AUDIT_SINK: 'eu-audit.acme.example' },
  });
  fed.place(eu, { selector: { matchLabels: { region: 'eu' } } });
  return fed;
}
