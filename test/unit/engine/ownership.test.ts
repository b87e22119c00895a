import { describeOwner, isOwnUnlisted } from '../../../engine/ownership';
import { describeHolder, isExpired } from '../../../engine/lock';

const meta = (metadata: any) => ({ metadata });
const managed = (...managers: string[]) => managers.map((manager) => ({ manager, operation: 'Apply', fieldsType: 'FieldsV1' }));

describe('who owns a live object', () => {
  const parents = new Map<string, any>([
    ['applyset-a-v1', { kind: 'Secret', metadata: { name: 'kapstan-applyset-team-a', namespace: 'a', annotations: { 'applyset.kubernetes.io/tooling': 'kapstan/v0.1.0', 'kapstan.io/stack': 'team-a' } } }],
    ['applyset-k-v1', { kind: 'Secret', metadata: { name: 'tools', namespace: 'k', annotations: { 'applyset.kubernetes.io/tooling': 'kubectl/v1.34.0' } } }],
  ]);

  it('names another stack, a kubectl ApplySet, a Helm release, or the field managers', () => {
    expect(describeOwner(meta({ labels: { 'applyset.kubernetes.io/part-of': 'applyset-a-v1' } }), parents)).toBe('stack "team-a" (ApplySet parent Secret a/kapstan-applyset-team-a)');
    expect(describeOwner(meta({ labels: { 'applyset.kubernetes.io/part-of': 'applyset-k-v1' } }), parents)).toBe('the ApplySet of Secret k/tools (tooling kubectl/v1.34.0)');
    expect(describeOwner(meta({ labels: { 'applyset.kubernetes.io/part-of': 'applyset-gone-v1' } }), parents)).toBe('another ApplySet (applyset.kubernetes.io/part-of=applyset-gone-v1)');
    expect(describeOwner(meta({ labels: { 'app.kubernetes.io/managed-by': 'Helm' }, annotations: { 'meta.helm.sh/release-name': 'web', 'meta.helm.sh/release-namespace': 'shop' } }), parents))
      .toBe('Helm release "web" in namespace shop');
    expect(describeOwner(meta({ managedFields: managed('kubectl-client-side-apply') }), parents)).toBe('kubectl (field manager "kubectl-client-side-apply")');
    expect(describeOwner(meta({ managedFields: managed('argocd-controller', 'kapstan') }), parents)).toBe('another tool (field manager "argocd-controller")');
  });

  it("knows Kapstan's own unlisted objects: only its field manager wrote them, no other set or release", () => {
    expect(isOwnUnlisted(meta({ managedFields: managed('kapstan') }), 'applyset-me-v1')).toBe(true);
    expect(isOwnUnlisted(meta({ managedFields: managed('kapstan', 'kubectl-edit') }), 'applyset-me-v1')).toBe(false);
    expect(isOwnUnlisted(meta({ managedFields: [] }), 'applyset-me-v1')).toBe(false);
    expect(isOwnUnlisted(meta({ labels: { 'applyset.kubernetes.io/part-of': 'applyset-a-v1' }, managedFields: managed('kapstan') }), 'applyset-me-v1')).toBe(false);
    expect(isOwnUnlisted(meta({ labels: { 'app.kubernetes.io/managed-by': 'Helm' }, managedFields: managed('kapstan') }), 'applyset-me-v1')).toBe(false);
  });
});

describe('the stack lock', () => {
  const lease = (renewTime: string | undefined, holderIdentity: string | undefined = 'ci@build pid 1') => ({
    metadata: { name: 'kapstan-lock-web', namespace: 'shop', annotations: { 'kapstan.io/command': 'apply' } },
    spec: { holderIdentity, leaseDurationSeconds: 30, acquireTime: '2026-12-02T10:00:00.000000Z', renewTime },
  });
  const now = Date.parse('2026-12-02T10:01:00Z');

  it('expires 30 s after the last renewal, or when nobody holds it', () => {
    expect(isExpired(lease('2026-12-02T10:00:45.000000Z'), now)).toBe(false);
    expect(isExpired(lease('2026-12-02T10:00:20.000000Z'), now)).toBe(true);
    expect(isExpired(lease('2026-12-02T10:00:59.000000Z', ''), now)).toBe(true);
  });

  it('names holder, command, start and the Lease', () => {
    expect(describeHolder(lease('2026-12-02T10:00:45.000000Z'))).toBe('ci@build pid 1 running "apply" since 2026-12-02T10:00:00.000000Z (Lease shop/kapstan-lock-web)');
  });
});
