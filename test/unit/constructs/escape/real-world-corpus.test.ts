// The real-world corpus (test/fixtures/real-world) synthesizes and validates: every List kind
// expanded, RE2 patterns and CEL rules checked, and what synth cannot check said once per CRD.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesize } from '../../../../synth';
import { pulseApp } from '../../../fixtures/real-world/app';

const CORPUS = path.resolve(__dirname, '../../../fixtures/real-world/pulse');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-corpus-'));

/** A copy of the corpus with one file's text changed. */
function changedCopy(file: string, change: (text: string) => string): string {
  const dir = path.join(tmp(), 'pulse');
  fs.cpSync(CORPUS, dir, { recursive: true });
  const target = path.join(dir, file);
  fs.writeFileSync(target, change(fs.readFileSync(target, 'utf8')));
  return dir;
}

test('the corpus synthesizes: every list expanded, CRDs first, and only the expected warnings', () => {
  const out = tmp();
  const result = synthesize(pulseApp(CORPUS), { outdir: out });
  expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  expect(result.ok).toBe(true);
  const index = JSON.parse(fs.readFileSync(path.join(out, 'pulse', 'index.json'), 'utf8'));
  const objects: string[] = index.objects.map((o: any) => `${o.group} ${o.kind} ${o.name}`);
  expect(objects).toEqual([
    'namespaces Namespace pulse-system',
    'crds CustomResourceDefinition alertrules.pulse.example.com',
    'crds CustomResourceDefinition dashboards.pulse.example.com',
    'access ServiceAccount pulse-server',
    'access ClusterRole pulse-reader',
    'access ClusterRoleBinding pulse-reader',
    'access Role pulse-config',
    'access Role pulse-rules',
    'access RoleBinding pulse-config',
    'access RoleBinding pulse-rules',
    'config ConfigMap pulse-dashboard-defaults',
    'config ConfigMap pulse-server-config',
    'config ConfigMap pulse-server-flags',
    'services Service pulse-server',
    'workloads Deployment pulse-server',
    'policies PodDisruptionBudget pulse-server',
    'custom AlertRule api-errors',
    'custom AlertRule api-latency',
    'custom AlertRule disk-almost-full',
    'custom Dashboard nodes',
  ]);
  // The CEL rules synth cannot evaluate are said once each, on the CRD, naming version and field.
  const notChecked = result.problems.filter((p) => p.rule === 'schema/not-checked');
  expect(notChecked.map((p) => `${p.path}: ${p.message.replace(/ \(.*$/, '')}`)).toEqual([
    `pulse/pulse/CustomResourceDefinition-alertrules.pulse.example.com (${path.join(CORPUS, 'crds/alertrules.yaml')}#1): CRD alertrules.pulse.example.com version v1: spec.metricName: CEL rule \`self == oldSelf\` not checked at synth: a transition rule`,
    `pulse/pulse/CustomResourceDefinition-alertrules.pulse.example.com (${path.join(CORPUS, 'crds/alertrules.yaml')}#1): CRD alertrules.pulse.example.com version v1: spec.runbook: CEL rule \`url(self).getHostname().endsWith('.example.com')\` not checked at synth: not evaluable here`,
  ]);
});

test.each([
  ['a pattern with an inline flag', 'alert-rules.yaml', (t: string) => t.replace('action: ABORT', 'action: page'), 'pulse/pulse/AlertRule-pulse-system-disk-almost-full (alert-rules.yaml#1)', 'spec.action', 'must match pattern "^(?i)(abort|warn)?$"'],
  ['a POSIX class with \\z', 'alert-rules.yaml', (t: string) => t.replace('metricName: http_errors_total', 'metricName: 5xx-errors'), 'pulse/pulse/AlertRule-pulse-system-api-errors (alert-rules.yaml#3)', 'spec.metricName', 'must match pattern "^[[:alpha:]_:][[:alnum:]_:]*\\z"'],
  ['\\Q…\\E', 'alert-rules.yaml', (t: string) => t.replace('runbook: https://', 'runbook: http://'), 'pulse/pulse/AlertRule-pulse-system-disk-almost-full (alert-rules.yaml#1)', 'spec.runbook', 'must match pattern "^\\Qhttps://\\E"'],
  ['a CEL rule on the spec', 'alert-rules.yaml', (t: string) => t.replace('warnAbove: 80', 'warnAbove: 95'), 'pulse/pulse/AlertRule-pulse-system-disk-almost-full (alert-rules.yaml#1)', 'spec', 'warnAbove must be below criticalAbove'],
  ['a CEL rule with a fieldPath', 'alert-rules.yaml', (t: string) => t.replace('  runbook: https://runbooks.example.com/disk\n', ''), 'pulse/pulse/AlertRule-pulse-system-disk-almost-full (alert-rules.yaml#1)', 'spec.runbook', 'a critical alert needs a runbook'],
  ['a CEL rule over a list', 'alert-rules.yaml', (t: string) => t.replace('name: team-storage', 'name: storage'), 'pulse/pulse/AlertRule-pulse-system-disk-almost-full (alert-rules.yaml#1)', 'spec.receivers', 'receivers are oncall or team-*'],
  ['list map keys', 'alert-rules.yaml', (t: string) => t.replace('name: team-storage', 'name: oncall'), 'pulse/pulse/AlertRule-pulse-system-disk-almost-full (alert-rules.yaml#1)', 'spec.receivers[1]', 'duplicate entry: same name as item 0'],
  ['the large CRD\'s schema', 'dashboards.json', (t: string) => t.replace('"decimals": 1', '"decimals": 11'), 'pulse/pulse/Dashboard-pulse-system-nodes (dashboards.json#1)', 'spec.panels[0].options.group000.decimals', 'must be <= 10'],
])('%s: an error naming the file, document and field', (_what, file, change, where, field, message) => {
  const result = synthesize(pulseApp(changedCopy(file, change)), { outdir: tmp() });
  expect(result.ok).toBe(false);
  const errors = result.problems.filter((p) => p.severity === 'error').map((p) => ({ path: p.path.replace(/ \(.*\/pulse\//, ' ('), field: p.field, message: p.message }));
  expect(errors).toEqual([{ path: where, field, message }]);
});
