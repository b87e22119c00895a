// The status rule for each kind, and the dispatch that applies it.
import { apiServiceStatus } from './apiservice';
import { crdStatus } from './crd';
import { cronJobStatus } from './cronjob';
import { daemonSetStatus } from './daemonset';
import { deploymentStatus } from './deployment';
import { genericStatus } from './generic';
import { hpaStatus } from './hpa';
import { ingressStatus } from './ingress';
import { jobStatus } from './job';
import { namespaceStatus } from './namespace';
import { pdbStatus } from './pdb';
import { podStatus } from './pod';
import { pvcStatus } from './pvc';
import { replicaSetStatus } from './replicaset';
import { serviceStatus } from './service';
import { statefulSetStatus } from './statefulset';
import { webhookStatus } from './webhook';
import type { KObject, StatusContext, StatusResult, StatusRule } from './types';

// Keyed by "group/kind" so a CRD that reuses a built-in kind name gets the generic rule.
const RULES: Record<string, StatusRule> = {
  'apps/Deployment': deploymentStatus,
  'apps/StatefulSet': statefulSetStatus,
  'apps/DaemonSet': daemonSetStatus,
  'apps/ReplicaSet': replicaSetStatus,
  'batch/Job': jobStatus,
  'batch/CronJob': cronJobStatus,
  '/Pod': podStatus,
  '/PersistentVolumeClaim': pvcStatus,
  '/Service': serviceStatus,
  '/Namespace': namespaceStatus,
  'networking.k8s.io/Ingress': ingressStatus,
  'apiextensions.k8s.io/CustomResourceDefinition': crdStatus,
  'autoscaling/HorizontalPodAutoscaler': hpaStatus,
  'policy/PodDisruptionBudget': pdbStatus,
  'apiregistration.k8s.io/APIService': apiServiceStatus,
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': webhookStatus,
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': webhookStatus,
};

export function apiGroupOf(apiVersion: string | undefined): string {
  if (!apiVersion || !apiVersion.includes('/')) return '';
  return apiVersion.slice(0, apiVersion.indexOf('/'));
}

/** The rule used for an apiVersion/kind (the generic kstatus rule when the kind has none). */
export function ruleFor(apiVersion: string | undefined, kind: string | undefined): StatusRule {
  return RULES[`${apiGroupOf(apiVersion)}/${kind ?? ''}`] ?? genericStatus;
}

/**
 * Status of one live object: NotFound when absent, Terminating while being deleted, otherwise the
 * kind's rule.
 */
export function computeStatus(obj: KObject | undefined, ctx?: StatusContext): StatusResult {
  if (!obj) return { status: 'NotFound', message: 'not found' };
  if (obj.metadata?.deletionTimestamp) return { status: 'Terminating', message: 'being deleted' };
  return ruleFor(obj.apiVersion, obj.kind)(obj, ctx);
}
