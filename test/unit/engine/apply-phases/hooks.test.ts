import { findHooks, hooksFor } from '../../../../engine/apply-phases/hooks';
import type { PlanEntry } from '../../../../engine/plan';
import { groupForKind } from '../../../../engine/order';

const entry = (kind: string, name: string, annotations: Record<string, string> = {}): PlanEntry => ({
  target: { manifest: { kind, metadata: { name, annotations } }, type: {} as never, group: groupForKind(kind), path: '', key: `${kind}/${name}`, label: `${kind} ${name}` },
  unchanged: false,
});

describe('Helm hooks in the apply', () => {
  const entries = [
    entry('Deployment', 'web'),
    entry('Job', 'migrate', { 'helm.sh/hook': 'pre-install,pre-upgrade', 'helm.sh/hook-weight': '-5' }),
    entry('ConfigMap', 'settings', { 'helm.sh/hook': 'pre-install', 'helm.sh/hook-weight': '-5' }),
    entry('ServiceAccount', 'seed', { 'helm.sh/hook': 'pre-install', 'helm.sh/hook-weight': '-5' }),
    entry('Job', 'a-first', { 'helm.sh/hook': 'pre-install', 'helm.sh/hook-weight': '-10' }),
    entry('Job', 'notify', { 'helm.sh/hook': 'post-install,post-upgrade' }),
  ];

  test('only annotated objects are hooks', () => {
    expect([...findHooks(entries).keys()]).toEqual(['Job/migrate', 'ConfigMap/settings', 'ServiceAccount/seed', 'Job/a-first', 'Job/notify']);
  });

  test('in the order Helm runs them: weight, then kind (apply order), then name', () => {
    const hooks = findHooks(entries).values();
    expect(hooksFor(hooks, 'pre', 'install').map((h) => h.entry.target.label)).toEqual(['Job a-first', 'ServiceAccount seed', 'ConfigMap settings', 'Job migrate']);
    expect(hooksFor(findHooks(entries).values(), 'pre', 'upgrade').map((h) => h.entry.target.label)).toEqual(['Job migrate']);
    expect(hooksFor(findHooks(entries).values(), 'post', 'upgrade').map((h) => h.entry.target.label)).toEqual(['Job notify']);
    expect(hooksFor(findHooks(entries).values(), 'pre', 'rollback')).toEqual([]);
  });

  test('a bad hook annotation fails before any write, naming the object', () => {
    expect(() => findHooks([entry('Job', 'bad', { 'helm.sh/hook': 'pre-install', 'helm.sh/hook-weight': '1.5' })])).toThrow('Job bad: helm.sh/hook-weight: must be a whole number (got "1.5")');
  });
});
