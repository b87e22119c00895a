// Adversarial Secrets against every output: values only the live objects know (being replaced or
// pruned) echoed by non-Secret objects, short values in prose and JSON, a misspelled field under
// a Secret, values with quotes and newlines, a value the API server quotes back in an error.
// Every run's output (text, colour in a terminal, NDJSON, errors, history) is searched for each
// value, its base64 form, its JSON-escaped form and each of its lines.
import { engineCluster, ClusterInfo } from './engine-cluster';
import { configMap, kapstan, namespace, secret, uniqueNs, writeStack } from './engine-fixtures';
import { kapstanInTerminal } from './terminal';

jest.setTimeout(300_000);

const b64 = (s: string) => Buffer.from(s).toString('base64');

// Values the cluster holds before they are replaced or pruned: only the live Secrets know them.
const LIVE_REPLACED = 'live-only-replaced-7731';
const LIVE_PRUNED = 'live-only-pruned-5520';
const LIVE_SHORT = 'Zq9';
const DESIRED = ['desired-new-value-4410', 'multi-line-head\nmulti-line-private-tail', 'quote"and\\back-slash', 'Wx8'];
const TYPO = 'misspelled-field-value-6612';
const INVALID_LABEL = 'not a label value!';
const ALL = [LIVE_REPLACED, LIVE_PRUNED, LIVE_SHORT, ...DESIRED, TYPO, INVALID_LABEL];

function leaks(text: string, values = ALL): string[] {
  const found: string[] = [];
  for (const v of values) {
    const forms = [v, b64(v), JSON.stringify(v).slice(1, -1), ...v.split('\n').filter((l) => l.length >= 6)];
    for (const f of forms) if (text.includes(f)) found.push(f);
  }
  return found;
}

describe('engine: redaction against adversarial Secrets', () => {
  const clusterOf = engineCluster({ shared: true });
  let c: ClusterInfo;
  const ns = uniqueNs('e2e-redact');
  let dist: string;
  const args = (a: string[]) => [...a, '--dir', dist, '--kubeconfig', c.kubeconfig];
  const outputs: { what: string; text: string }[] = [];
  const run = async (a: string[]) => {
    const r = await kapstan(args(a));
    outputs.push({ what: a.join(' '), text: r.stdout + r.stderr });
    return r;
  };

  beforeAll(async () => {
    c = clusterOf();
    // First the live state: values later replaced or pruned.
    dist = writeStack('redact', ns, [
      namespace(ns), secret(ns, 'db', { password: LIVE_REPLACED, pin: LIVE_SHORT }), secret(ns, 'leaving', { token: LIVE_PRUNED }),
      configMap(ns, 'notes', { text: 'nothing yet' }),
    ]);
    expect((await kapstan(args(['apply', '--no-wait']))).code).toBe(0);
    // Then a desired state whose plain objects quote the old values.
    writeStack('redact', ns, [
      namespace(ns), secret(ns, 'db', { password: DESIRED[0], pin: DESIRED[3] }), secret(ns, 'extra', { key: DESIRED[1], json: DESIRED[2] }),
      configMap(ns, 'notes', { text: `rotated from ${LIVE_REPLACED}, old pin ${LIVE_SHORT}, token ${LIVE_PRUNED} retired` }),
    ], dist);
  });

  it('diff, apply, status and history, as text and NDJSON', async () => {
    for (const a of [['diff'], ['diff', '--prune', '--output', 'json'], ['diff', '--prune'], ['apply', '--dry-run', '--prune'],
      ['apply', '--prune', '--yes', '--no-wait', '--output', 'json'], ['status'], ['status', '--output', 'json'], ['history'], ['history', '--output', 'json']]) {
      const r = await run(a);
      expect(r.code).toBeLessThan(2);
    }
    // The runs did their work: the diff showed the ConfigMap change, the apply pruned the Secret.
    expect(outputs[0].text).toContain('rotated from (hidden), old pin (hidden), token (hidden) retired');
    expect(outputs.find((o) => o.what.startsWith('apply --prune'))!.text).toContain('"pruned":1');
    for (const o of outputs) expect({ what: o.what, leaks: leaks(o.text) }).toEqual({ what: o.what, leaks: [] });
  });

  it('the colour diff in a terminal', async () => {
    writeStack('redact', ns, [
      namespace(ns), secret(ns, 'db', { password: 'terminal-new-9931', pin: DESIRED[3] }), secret(ns, 'extra', { key: DESIRED[1], json: DESIRED[2] }),
      configMap(ns, 'notes', { text: `was ${DESIRED[0]} and ${DESIRED[3]}` }),
    ], dist);
    const r = await kapstanInTerminal(args(['diff']), { env: { NO_COLOR: undefined } });
    expect(r.code).toBe(1);
    expect(r.screen).toContain('was (hidden) and (hidden)');
    // The LIVE_* values are plain config now: the previous apply wrote them into the ConfigMap.
    expect(leaks(r.screen, [...DESIRED, 'terminal-new-9931'])).toEqual([]);
  });

  it('a misspelled field under a Secret, and a value the API server quotes back in an error', async () => {
    const typo: any = secret(ns, 'typo', {});
    delete typo.stringData;
    typo.stringDatx = { password: TYPO };
    const badLabel: any = configMap(ns, 'labelled');
    badLabel.metadata.labels.note = INVALID_LABEL;
    writeStack('redact', ns, [namespace(ns), secret(ns, 'quoted', { v: INVALID_LABEL }), typo, badLabel], dist);
    for (const a of [['diff'], ['diff', '--output', 'json'], ['apply', '--no-wait'], ['apply', '--no-wait', '--output', 'json']]) {
      const r = await run(a);
      expect(r.code).toBeGreaterThan(0);
      const o = outputs.at(-1)!;
      expect({ what: o.what, leaks: leaks(o.text, [TYPO, INVALID_LABEL]) }).toEqual({ what: o.what, leaks: [] });
    }
    // Rollback (its revision's Secrets read back) and destroy (live Secrets listed) print nothing either.
    for (const a of [['rollback', '1', '--yes'], ['rollback', '1', '--yes', '--output', 'json'], ['destroy', '--yes', '--output', 'json'], ['destroy', '--yes']]) {
      await run(a);
      const o = outputs.at(-1)!;
      expect({ what: o.what, leaks: leaks(o.text, [...DESIRED, TYPO, INVALID_LABEL]) }).toEqual({ what: o.what, leaks: [] });
    }
    expect(outputs.find((o) => o.what === 'destroy --yes --output json')!.text).toContain('"deleted"');
    // The refusals were printed, with the values hidden; a schema misfit (HTTP 500 from
    // server-side apply) fails at once instead of being retried.
    const applied = outputs.find((o) => o.what === 'apply --no-wait')!.text;
    expect(applied).toContain('.stringDatx: field not declared in schema');
    expect(applied).toContain('metadata.labels: Invalid value: "(hidden)"');
    expect(applied).not.toContain('retrying');
  });
});
