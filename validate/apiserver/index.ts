// Checks that follow the API server's own validation code (k8s.io/kubernetes/pkg/apis/*/validation,
// v1.34) where the OpenAPI schema says nothing: one rule id, `apiserver`, an error like the refusal
// the API server would answer at apply time. See README.md.
import type { SynthObject } from '../../synth/types';
import type { Reporter } from '../context';
import type { Emit } from './emit';
import { checkPodSpec } from './pod-spec';
import { checkCronJob, checkDaemonSet, checkDeployment, checkJob, checkReplicaSet, checkStatefulSet } from './workloads';
import { checkIngress, checkNetworkPolicy, checkService } from './networking';
import { checkConfigMap, checkSecret } from './config';
import { checkPersistentVolume, checkPersistentVolumeClaim, checkStorageClass } from './storage';
import { checkBinding, checkRole } from './rbac';
import { checkFinalizers, checkLimitRange, checkResourceQuota } from './tenancy';
import { checkHorizontalPodAutoscaler, checkPodDisruptionBudget, checkPriorityClass } from './scaling';
import { obj } from './k8s-strings';
import { fieldPath } from '../field-path';

type Check = (m: Record<string, any>, emit: Emit) => void;

/** By `apiVersion kind`: only the built-in versions these rules were written against. */
const BY_KIND: Record<string, Check> = {
  'v1 Pod': (m, emit) => { if (obj(m.spec)) checkPodSpec(m.spec, ['spec'], emit, { isPod: true }); },
  'apps/v1 Deployment': checkDeployment,
  'apps/v1 ReplicaSet': checkReplicaSet,
  'apps/v1 StatefulSet': checkStatefulSet,
  'apps/v1 DaemonSet': checkDaemonSet,
  'batch/v1 Job': checkJob,
  'batch/v1 CronJob': checkCronJob,
  'v1 Service': checkService,
  'networking.k8s.io/v1 Ingress': checkIngress,
  'networking.k8s.io/v1 NetworkPolicy': checkNetworkPolicy,
  'v1 ConfigMap': checkConfigMap,
  'v1 Secret': checkSecret,
  'v1 PersistentVolumeClaim': checkPersistentVolumeClaim,
  'v1 PersistentVolume': checkPersistentVolume,
  'storage.k8s.io/v1 StorageClass': checkStorageClass,
  'rbac.authorization.k8s.io/v1 Role': checkRole,
  'rbac.authorization.k8s.io/v1 ClusterRole': checkRole,
  'rbac.authorization.k8s.io/v1 RoleBinding': checkBinding,
  'rbac.authorization.k8s.io/v1 ClusterRoleBinding': checkBinding,
  'v1 ResourceQuota': checkResourceQuota,
  'v1 LimitRange': checkLimitRange,
  'autoscaling/v2 HorizontalPodAutoscaler': checkHorizontalPodAutoscaler,
  'policy/v1 PodDisruptionBudget': checkPodDisruptionBudget,
  'scheduling.k8s.io/v1 PriorityClass': checkPriorityClass,
};

/**
 * Runs the API server's checks on every built-in object. Unlike the API server, which stops at the
 * first decoding error, they run on objects the schema refused too (so every problem shows at
 * once), minus findings on a field the schema already reported.
 */
export function checkApiServerRules(objects: SynthObject[], reporter: Reporter, schemaFields: ReadonlyMap<SynthObject, ReadonlySet<string>>): void {
  for (const o of objects) {
    const m = o.manifest;
    if (!obj(m)) continue;
    const known = schemaFields.get(o);
    const emit: Emit = (field, message) => {
      if (known?.has(fieldPath(field))) return;
      reporter.report(o, 'apiserver', field, message);
    };
    try {
      checkFinalizers(m, emit);
      BY_KIND[`${m.apiVersion} ${m.kind}`]?.(m, emit);
    } catch {
      // a shape the schema already refused (say, a string where a list belongs): reported there
      if (!known) throw new Error(`${o.path}: unexpected shape for the API server's checks`);
    }
  }
}
