// Workload checks of k8s.io/kubernetes/pkg/apis/apps/validation and .../batch/validation.
import type { Emit, Segments } from './emit';
import { checkPodSpec, checkLabelSelector } from './pod-spec';
import { checkIntOrPercent, isZero } from './int-or-percent';
import { scheduleError, isTimeZone } from './cron';
import { checkClaimSpec } from './storage';
import { int, list, nonEmpty, obj, str } from './k8s-strings';

const nonNegative = (emit: Emit, at: Segments, v: unknown) => {
  if (int(v) && v < 0) emit(at, `Invalid value: ${v}: must be greater than or equal to 0`);
};

function selectorRequired(m: Record<string, any>, emit: Emit, kind: string) {
  const sel = m.spec?.selector;
  if (!obj(sel)) return emit(['spec', 'selector'], 'Required value');
  if (Object.keys(sel.matchLabels ?? {}).length === 0 && list(sel.matchExpressions).length === 0) {
    emit(['spec', 'selector'], `Invalid value: empty selector is invalid for ${kind}`);
  }
  checkLabelSelector(sel, ['spec', 'selector'], emit);
}

function template(m: Record<string, any>, at: Segments, emit: Emit, policies: readonly string[], owner: string) {
  const tpl = m.spec?.template;
  if (!obj(tpl) || !obj(tpl.spec)) return;
  const extraVolumes = list(m.spec?.volumeClaimTemplates).map((t) => t?.metadata?.name).filter(nonEmpty);
  checkPodSpec(tpl.spec, [...at, 'spec'], emit, { restartPolicies: policies, extraVolumes, podNameAsHostname: owner === 'StatefulSet' });
  if (owner !== 'Job' && tpl.spec.activeDeadlineSeconds != null) {
    emit([...at, 'spec', 'activeDeadlineSeconds'], `Forbidden: activeDeadlineSeconds in ${owner} is not Supported`);
  }
}

const ALWAYS = ['Always'] as const;
const JOB_POLICIES = ['OnFailure', 'Never'] as const;

export function checkDeployment(m: Record<string, any>, emit: Emit): void {
  const spec = m.spec;
  if (!obj(spec)) return;
  nonNegative(emit, ['spec', 'replicas'], spec.replicas);
  selectorRequired(m, emit, 'deployment');
  template(m, ['spec', 'template'], emit, ALWAYS, 'ReplicaSet');
  const s = spec.strategy;
  if (obj(s)) {
    if (s.type === 'Recreate' && s.rollingUpdate != null) emit(['spec', 'strategy', 'rollingUpdate'], "Forbidden: may not be specified when strategy `type` is 'Recreate'");
    if ((s.type ?? 'RollingUpdate') === 'RollingUpdate' && obj(s.rollingUpdate)) checkRollingUpdate(s.rollingUpdate, ['spec', 'strategy', 'rollingUpdate'], emit, '25%', '25%');
  }
  nonNegative(emit, ['spec', 'revisionHistoryLimit'], spec.revisionHistoryLimit);
  nonNegative(emit, ['spec', 'minReadySeconds'], spec.minReadySeconds);
  if (int(spec.progressDeadlineSeconds)) {
    nonNegative(emit, ['spec', 'progressDeadlineSeconds'], spec.progressDeadlineSeconds);
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) emit(['spec', 'progressDeadlineSeconds'], `Invalid value: ${spec.progressDeadlineSeconds}: must be greater than minReadySeconds`);
  }
}

function checkRollingUpdate(ru: Record<string, any>, at: Segments, emit: Emit, defUnavailable: unknown, defSurge: unknown) {
  const unavailable = ru.maxUnavailable ?? defUnavailable;
  const surge = ru.maxSurge ?? defSurge;
  checkIntOrPercent(ru.maxUnavailable, [...at, 'maxUnavailable'], emit, true);
  checkIntOrPercent(ru.maxSurge, [...at, 'maxSurge'], emit, false);
  if (isZero(unavailable) && isZero(surge)) emit([...at, 'maxUnavailable'], 'Invalid value: may not be 0 when `maxSurge` is 0');
}

export function checkReplicaSet(m: Record<string, any>, emit: Emit): void {
  if (!obj(m.spec)) return;
  nonNegative(emit, ['spec', 'replicas'], m.spec.replicas);
  nonNegative(emit, ['spec', 'minReadySeconds'], m.spec.minReadySeconds);
  selectorRequired(m, emit, 'replicaset');
  template(m, ['spec', 'template'], emit, ALWAYS, 'ReplicaSet');
}

export function checkStatefulSet(m: Record<string, any>, emit: Emit): void {
  const spec = m.spec;
  if (!obj(spec)) return;
  nonNegative(emit, ['spec', 'replicas'], spec.replicas);
  nonNegative(emit, ['spec', 'minReadySeconds'], spec.minReadySeconds);
  nonNegative(emit, ['spec', 'ordinals', 'start'], spec.ordinals?.start);
  const retention = spec.persistentVolumeClaimRetentionPolicy;
  for (const k of ['whenDeleted', 'whenScaled']) {
    const v = retention?.[k];
    if (v !== undefined && v !== 'Retain' && v !== 'Delete') emit(['spec', 'persistentVolumeClaimRetentionPolicy', k], `Unsupported value: "${v}": supported values: "Retain", "Delete"`);
  }
  selectorRequired(m, emit, 'statefulset');
  template(m, ['spec', 'template'], emit, ALWAYS, 'StatefulSet');
  const s = spec.updateStrategy;
  if (obj(s)) {
    if (s.type === 'OnDelete' && s.rollingUpdate != null) emit(['spec', 'updateStrategy', 'rollingUpdate'], "Invalid value: only allowed for updateStrategy 'RollingUpdate'");
    nonNegative(emit, ['spec', 'updateStrategy', 'rollingUpdate', 'partition'], s.rollingUpdate?.partition);
  }
  if (nonEmpty(spec.serviceName)) {
    const bad = /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(spec.serviceName) && spec.serviceName.length <= 63;
    if (!bad) emit(['spec', 'serviceName'], `Invalid value: "${spec.serviceName}": must be a valid DNS-1035 label`);
  }
  list(spec.volumeClaimTemplates).forEach((t, i) => {
    if (obj(t?.spec)) checkClaimSpec(t.spec, ['spec', 'volumeClaimTemplates', i, 'spec'], emit, true);
  });
}

export function checkDaemonSet(m: Record<string, any>, emit: Emit): void {
  const spec = m.spec;
  if (!obj(spec)) return;
  nonNegative(emit, ['spec', 'minReadySeconds'], spec.minReadySeconds);
  nonNegative(emit, ['spec', 'revisionHistoryLimit'], spec.revisionHistoryLimit);
  selectorRequired(m, emit, 'daemonset');
  template(m, ['spec', 'template'], emit, ALWAYS, 'DaemonSet');
  const s = spec.updateStrategy;
  if (obj(s) && (s.type ?? 'RollingUpdate') === 'RollingUpdate' && obj(s.rollingUpdate)) {
    checkRollingUpdate(s.rollingUpdate, ['spec', 'updateStrategy', 'rollingUpdate'], emit, 1, 0);
  }
}

function checkJobSpec(spec: Record<string, any>, at: Segments, emit: Emit, inCronJob: boolean) {
  for (const k of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished']) nonNegative(emit, [...at, k], spec[k]);
  if (spec.manualSelector === true && !inCronJob) {
    if (!obj(spec.selector)) emit([...at, 'selector'], 'Required value');
  }
  if (spec.completionMode === 'Indexed') {
    // completions defaults to 1 only when parallelism is unset too
    if (!int(spec.completions) && spec.parallelism != null) emit([...at, 'completions'], 'Required value: when completion mode is Indexed');
    if (int(spec.parallelism) && spec.parallelism > 100000) emit([...at, 'parallelism'], 'Invalid value: must be less than or equal to 100000 when completion mode is Indexed');
  } else {
    if (spec.backoffLimitPerIndex != null) emit([...at, 'backoffLimitPerIndex'], 'Invalid value: requires indexed completion mode');
    if (spec.maxFailedIndexes != null) emit([...at, 'maxFailedIndexes'], 'Invalid value: requires indexed completion mode');
  }
  const tpl = spec.template;
  if (obj(tpl) && obj(tpl.spec)) checkPodSpec(tpl.spec, [...at, 'template', 'spec'], emit, { restartPolicies: JOB_POLICIES });
  if (obj(spec.podFailurePolicy) && tpl?.spec?.restartPolicy !== 'Never') {
    emit([...at, 'template', 'spec', 'restartPolicy'], 'Invalid value: only "Never" is supported when podFailurePolicy is specified');
  }
}

export function checkJob(m: Record<string, any>, emit: Emit): void {
  if (obj(m.spec)) checkJobSpec(m.spec, ['spec'], emit, false);
}

export function checkCronJob(m: Record<string, any>, emit: Emit): void {
  const spec = m.spec;
  if (!obj(spec)) return;
  if (!nonEmpty(spec.schedule)) emit(['spec', 'schedule'], 'Required value');
  else {
    const err = scheduleError(spec.schedule);
    if (err) emit(['spec', 'schedule'], `Invalid value: "${spec.schedule}": ${err}`);
  }
  if (str(spec.timeZone)) {
    if (spec.timeZone === '') emit(['spec', 'timeZone'], 'Invalid value: timeZone must be nil or non-empty string');
    else if (!isTimeZone(spec.timeZone)) emit(['spec', 'timeZone'], `Invalid value: "${spec.timeZone}": unknown time zone ${spec.timeZone}`);
  }
  for (const k of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) nonNegative(emit, ['spec', k], spec[k]);
  const job = spec.jobTemplate?.spec;
  if (obj(job)) checkJobSpec(job, ['spec', 'jobTemplate', 'spec'], emit, true);
}
