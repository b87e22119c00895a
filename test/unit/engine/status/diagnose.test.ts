import { diagnose, relatedPods, warningEvents } from '../../../../engine/status';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api', namespace: 'web', uid: 'd1', annotations: { 'deployment.kubernetes.io/revision': '2' } },
};
const rs = (uid: string, revision: string) => ({
  kind: 'ReplicaSet',
  metadata: { name: `api-${uid}`, uid, annotations: { 'deployment.kubernetes.io/revision': revision }, ownerReferences: [{ uid: 'd1', controller: true }] },
});
const pod = (name: string, owner: string, status: object) => ({
  kind: 'Pod',
  metadata: { name, uid: `u-${name}`, ownerReferences: [{ uid: owner, controller: true }], creationTimestamp: '2026-01-01T00:00:00Z' },
  status,
});
const pullBackOff = { phase: 'Pending', containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "bad:1"' } } }] };
const running = { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, state: { running: {} } }] };

describe('relatedPods', () => {
  it('selects the pods of the newest ReplicaSet of a Deployment', () => {
    const pods = [pod('api-old-a', 'rs1', running), pod('api-new-b', 'rs2', pullBackOff), pod('other', 'x', running)];
    const found = relatedPods(deployment, { pods, replicaSets: [rs('rs1', '1'), rs('rs2', '2')] });
    expect(found.map((p) => p.metadata?.name)).toEqual(['api-new-b']);
  });

  it('selects the StatefulSet pods at the update revision', () => {
    const sts = { kind: 'StatefulSet', metadata: { name: 'db', uid: 's1' }, status: { updateRevision: 'db-2' } };
    const p1 = { ...pod('db-0', 's1', running), metadata: { ...pod('db-0', 's1', running).metadata, labels: { 'controller-revision-hash': 'db-1' } } };
    const p2 = { ...pod('db-1', 's1', running), metadata: { ...pod('db-1', 's1', running).metadata, labels: { 'controller-revision-hash': 'db-2' } } };
    expect(relatedPods(sts, { pods: [p1, p2] }).map((p) => p.metadata?.name)).toEqual(['db-1']);
  });
});

describe('relatedPods for a DaemonSet', () => {
  it('keeps the pods at the revision of the newest pod', () => {
    const ds = { kind: 'DaemonSet', metadata: { name: 'agent', uid: 'ds1' } };
    const at = (name: string, hash: string, created: string) => {
      const p = pod(name, 'ds1', running);
      return { ...p, metadata: { ...p.metadata, labels: { 'controller-revision-hash': hash }, creationTimestamp: created } };
    };
    const pods = [at('agent-old', 'h1', '2026-01-01T00:00:00Z'), at('agent-new', 'h2', '2026-01-01T00:05:00Z'), at('agent-new2', 'h2', '2026-01-01T00:04:00Z')];
    expect(relatedPods(ds, { pods }).map((p) => p.metadata?.name)).toEqual(['agent-new', 'agent-new2']);
  });
});

describe('diagnose', () => {
  it('names the failing pod of the current rollout', () => {
    const d = diagnose(deployment, { pods: [pod('api-new-b', 'rs2', pullBackOff)], replicaSets: [rs('rs2', '2')] });
    expect(d.failure).toMatchObject({ pod: 'api-new-b', reason: 'ImagePullBackOff', certain: true });
  });

  it('treats ErrImagePull as certain once the pull failed repeatedly', () => {
    const errPull = { phase: 'Pending', containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ErrImagePull', message: 'not found' } } }] };
    const failedPull = (count: number) => ({ type: 'Warning', reason: 'Failed', message: 'Failed to pull image', count, involvedObject: { kind: 'Pod', name: 'api-new-b', uid: 'u-api-new-b' } });
    const related = (events: object[]) => ({ pods: [pod('api-new-b', 'rs2', errPull)], replicaSets: [rs('rs2', '2')], events });
    expect(diagnose(deployment, related([failedPull(1)])).failure).toBeUndefined();
    expect(diagnose(deployment, related([failedPull(1)])).problems[0]).toMatchObject({ reason: 'ErrImagePull', certain: false });
    expect(diagnose(deployment, related([failedPull(3)])).failure).toMatchObject({ pod: 'api-new-b', reason: 'ErrImagePull', certain: true });
  });

  it('ignores a failing pod of an old ReplicaSet', () => {
    const d = diagnose(deployment, { pods: [pod('api-old-a', 'rs1', pullBackOff), pod('api-new-b', 'rs2', running)], replicaSets: [rs('rs1', '1'), rs('rs2', '2')] });
    expect(d.failure).toBeUndefined();
  });

  it('leaves crash loops of a Job to its backoffLimit, but fails it fast on a bad image', () => {
    const job = { kind: 'Job', metadata: { name: 'm', uid: 'j1' } };
    const crashing = pod('m-a', 'j1', { phase: 'Running', containerStatuses: [{ name: 'app', restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1 } } }] });
    expect(diagnose(job, { pods: [crashing] })).toMatchObject({ failure: undefined, problems: [{ reason: 'CrashLoopBackOff', certain: false }] });
    expect(diagnose(job, { pods: [pod('m-b', 'j1', pullBackOff)] }).failure).toMatchObject({ pod: 'm-b', reason: 'ImagePullBackOff' });
  });

  it('describes the last failed pod of a Job', () => {
    const job = { kind: 'Job', metadata: { name: 'm', uid: 'j1' } };
    const failed = pod('m-abc', 'j1', { phase: 'Failed', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 2, reason: 'Error' } } }] });
    const d = diagnose(job, { pods: [failed] });
    expect(d.failure).toBeUndefined();
    expect(d.lastFailedPod).toEqual({ name: 'm-abc', text: 'pod m-abc: exit code 2 (Error)' });
  });

  it('collects Warning events about the object and its pods', () => {
    const events = [
      { type: 'Warning', reason: 'FailedCreate', message: 'quota', involvedObject: { kind: 'ReplicaSet', name: 'x', uid: 'zz' }, lastTimestamp: '2026-01-01T00:00:03Z' },
      { type: 'Warning', reason: 'Failed', message: 'pull failed', involvedObject: { kind: 'Pod', name: 'api-new-b', uid: 'u-api-new-b' }, lastTimestamp: '2026-01-01T00:00:02Z', count: 3 },
      { type: 'Normal', reason: 'Pulling', message: 'pulling', involvedObject: { kind: 'Pod', name: 'api-new-b', uid: 'u-api-new-b' } },
      { type: 'Warning', reason: 'Unhealthy', message: 'x', involvedObject: { kind: 'Deployment', name: 'api', uid: 'd1' }, lastTimestamp: '2026-01-01T00:00:05Z' },
    ];
    const d = diagnose(deployment, { pods: [pod('api-new-b', 'rs2', pullBackOff)], replicaSets: [rs('rs2', '2')], events });
    expect(d.warnings.map((w) => `${w.object} ${w.reason}`)).toEqual(['Deployment/api Unhealthy', 'Pod/api-new-b Failed']);
    // Events about the current ReplicaSet (pod creation refused) count too.
    const quota = { type: 'Warning', reason: 'FailedCreate', message: 'exceeded quota', involvedObject: { kind: 'ReplicaSet', name: 'api-rs2', uid: 'rs2' }, lastTimestamp: '2026-01-01T00:00:09Z' };
    const d2 = diagnose(deployment, { pods: [], replicaSets: [rs('rs2', '2')], events: [quota] });
    expect(d2.warnings).toEqual([{ object: 'ReplicaSet/api-rs2', reason: 'FailedCreate', message: 'exceeded quota', count: 1, lastSeen: '2026-01-01T00:00:09Z' }]);
    expect(d.warnings[1].count).toBe(3);
  });
});

describe('warningEvents', () => {
  it('keeps one event per object and reason, newest first', () => {
    const ev = (t: string, message: string) => ({ type: 'Warning', reason: 'BackOff', message, involvedObject: { kind: 'Pod', name: 'p' }, lastTimestamp: t });
    const w = warningEvents([ev('2026-01-01T00:00:01Z', 'old'), ev('2026-01-01T00:00:09Z', 'new')], [{ kind: 'Pod', name: 'p' }]);
    expect(w).toHaveLength(1);
    expect(w[0].message).toBe('new');
  });
});
