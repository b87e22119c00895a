// HorizontalPodAutoscaler, PodDisruptionBudget and PriorityClass checks of
// k8s.io/kubernetes/pkg/apis/{autoscaling,policy,scheduling}/validation.
import { parseQuantity } from '../semantic/quantity';
import type { Emit, Segments } from './emit';
import { checkLabelSelector } from './pod-spec';
import { checkIntOrPercent, intOrPercent } from './int-or-percent';
import { int, list, nonEmpty, obj, pathSegment, qualifiedName } from './k8s-strings';

function checkTarget(t: any, at: Segments, emit: Emit) {
  if (!obj(t)) return emit(at, 'Required value: must specify a metric target');
  const positive = (k: string) => {
    const q = parseQuantity(t[k]);
    if (q && q.n <= 0n) emit([...at, k], `Invalid value: "${t[k]}": must be positive`);
  };
  if (t.type === 'Utilization') {
    if (t.averageUtilization == null) emit([...at, 'averageUtilization'], 'Required value: must set either a target raw value or a target utilization');
    else if (int(t.averageUtilization) && t.averageUtilization <= 0) emit([...at, 'averageUtilization'], `Invalid value: ${t.averageUtilization}: must be greater than 0`);
  } else if (t.type === 'Value') {
    if (t.value == null) emit([...at, 'value'], 'Required value: must set either a target value for metric or a per-pod target');
    positive('value');
  } else if (t.type === 'AverageValue') {
    if (t.averageValue == null) emit([...at, 'averageValue'], 'Required value: must set either a target value for metric or a per-pod target');
    positive('averageValue');
  }
}

const METRIC_SOURCES: Record<string, string> = { Object: 'object', Pods: 'pods', Resource: 'resource', ContainerResource: 'containerResource', External: 'external' };

export function checkHorizontalPodAutoscaler(m: Record<string, any>, emit: Emit): void {
  const spec = m.spec;
  if (!obj(spec)) return;
  const ref = spec.scaleTargetRef;
  if (obj(ref)) {
    if (!nonEmpty(ref.kind)) emit(['spec', 'scaleTargetRef', 'kind'], 'Required value');
    else if (pathSegment(ref.kind)) emit(['spec', 'scaleTargetRef', 'kind'], `Invalid value: "${ref.kind}": ${pathSegment(ref.kind)}`);
    if (!nonEmpty(ref.name)) emit(['spec', 'scaleTargetRef', 'name'], 'Required value');
    else if (pathSegment(ref.name)) emit(['spec', 'scaleTargetRef', 'name'], `Invalid value: "${ref.name}": ${pathSegment(ref.name)}`);
  }
  const min = spec.minReplicas ?? 1;
  if (int(min) && min < 1) emit(['spec', 'minReplicas'], `Invalid value: ${min}: must be greater than or equal to 1`);
  if (int(spec.maxReplicas)) {
    if (spec.maxReplicas < 1) emit(['spec', 'maxReplicas'], `Invalid value: ${spec.maxReplicas}: must be greater than 0`);
    if (int(min) && spec.maxReplicas < min) emit(['spec', 'maxReplicas'], `Invalid value: ${spec.maxReplicas}: must be greater than or equal to \`minReplicas\``);
  }
  list(spec.metrics).forEach((metric, i) => {
    const at: Segments = ['spec', 'metrics', i];
    const key = METRIC_SOURCES[metric?.type];
    if (!key) return emit([...at, 'type'], `Unsupported value: "${metric?.type ?? ''}"`);
    for (const [t, k] of Object.entries(METRIC_SOURCES)) {
      if (k !== key && metric[k] != null) emit([...at, k], `Forbidden: must populate the given metric source only (${metric.type})`);
      void t;
    }
    const src = metric[key];
    if (!obj(src)) return emit([...at, key], `Required value: must populate information for the given metric source`);
    if (key === 'resource' || key === 'containerResource') {
      if (!nonEmpty(src.name)) emit([...at, key, 'name'], 'Required value');
      if (key === 'containerResource' && !nonEmpty(src.container)) emit([...at, key, 'container'], 'Required value');
      if (obj(src.target) && src.target.type === 'Value') emit([...at, key, 'target', 'averageUtilization'], 'Required value: must set either a target raw value or a target utilization');
    } else if (!nonEmpty(src.metric?.name)) emit([...at, key, 'metric', 'name'], 'Required value');
    if (key !== 'resource' && key !== 'containerResource' && src.target?.type === 'Utilization') {
      emit([...at, key, 'target', 'averageValue'], 'Required value: must set either a target value for metric or a per-pod target');
    }
    checkTarget(src.target, [...at, key, 'target'], emit);
  });
  for (const dir of ['scaleUp', 'scaleDown']) {
    const rules = spec.behavior?.[dir];
    if (!obj(rules)) continue;
    const at: Segments = ['spec', 'behavior', dir];
    const select = rules.selectPolicy;
    if (select !== undefined && !['Max', 'Min', 'Disabled'].includes(select)) emit([...at, 'selectPolicy'], `Unsupported value: "${select}": supported values: "Disabled", "Max", "Min"`);
    const w = rules.stabilizationWindowSeconds;
    if (int(w) && (w < 0 || w > 3600)) emit([...at, 'stabilizationWindowSeconds'], `Invalid value: ${w}: must be less than or equal to 3600`);
    if (Array.isArray(rules.policies) && rules.policies.length === 0) emit([...at, 'policies'], 'Required value: must specify at least one Policy');
    list(rules.policies).forEach((p, j) => {
      if (int(p?.periodSeconds) && (p.periodSeconds <= 0 || p.periodSeconds > 1800)) emit([...at, 'policies', j, 'periodSeconds'], `Invalid value: ${p.periodSeconds}: must be greater than zero and less than or equal to 1800`);
      if (int(p?.value) && p.value <= 0) emit([...at, 'policies', j, 'value'], `Invalid value: ${p.value}: must be greater than zero`);
    });
  }
}

export function checkPodDisruptionBudget(m: Record<string, any>, emit: Emit): void {
  const spec = m.spec;
  if (!obj(spec)) return;
  if (spec.minAvailable != null && spec.maxUnavailable != null) emit(['spec'], 'Invalid value: minAvailable and maxUnavailable cannot be both set');
  checkIntOrPercent(spec.minAvailable, ['spec', 'minAvailable'], emit, true);
  checkIntOrPercent(spec.maxUnavailable, ['spec', 'maxUnavailable'], emit, true);
  checkLabelSelector(spec.selector, ['spec', 'selector'], emit);
  void intOrPercent;
}

const HIGHEST_USER_PRIORITY = 1_000_000_000;

export function checkPriorityClass(m: Record<string, any>, emit: Emit): void {
  const name: unknown = m.metadata?.name;
  const system = ['system-cluster-critical', 'system-node-critical'];
  if (typeof name === 'string' && name.startsWith('system-') && !system.includes(name)) {
    emit(['metadata', 'name'], `Invalid value: "${name}": priority class names with 'system-' prefix are reserved`);
  }
  if (int(m.value) && m.value > HIGHEST_USER_PRIORITY && !system.includes(String(name))) {
    emit(['value'], `Forbidden: maximum allowed value of a user defined priority is ${HIGHEST_USER_PRIORITY}`);
  }
  void qualifiedName;
}
