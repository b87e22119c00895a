import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { check } from '../errors';
import { quantityProblem } from '../storage/quantity';

/** Options of `emptyDirVolume`. */
export interface EmptyDirVolumeOptions {
  /** `Memory` for a tmpfs (e.g. /dev/shm). @default the node's disk */
  readonly medium?: kplus.EmptyDirMedium;
  /** Size limit as a Kubernetes quantity, written as given (e.g. `1Gi`). */
  readonly sizeLimit?: string;
}

// cdk8s-plus writes an emptyDir's size limit in Mi (1Gi becomes 1024Mi); the exact amount is kept
// beside the volume and put back when the pod spec is rendered.
const sizeLimits = new WeakMap<kplus.Volume, string>();

/** An emptyDir volume whose `sizeLimit` is written as given. Mount it like any kplus volume. */
export function emptyDirVolume(scope: Construct, id: string, name: string, options: EmptyDirVolumeOptions = {}): kplus.Volume {
  if (options.sizeLimit !== undefined) {
    const problem = quantityProblem(options.sizeLimit);
    check(problem === undefined, scope, `volumes.${name}.emptyDir.sizeLimit`, problem ?? '');
  }
  const volume = kplus.Volume.fromEmptyDir(scope, id, name, { medium: options.medium });
  if (options.sizeLimit !== undefined) sizeLimits.set(volume, options.sizeLimit);
  return volume;
}

/** The rendered volumes with the exact size limits of `emptyDirVolume`s put back. */
export function withExactSizeLimits(spec: kplus.k8s.PodSpec, owner: kplus.AbstractPod): kplus.k8s.PodSpec {
  const mounted = [...owner.volumes, ...[...owner.containers, ...owner.initContainers].flatMap((c) => c.mounts.map((m) => m.volume))];
  const exact = new Map(mounted.filter((v) => sizeLimits.has(v)).map((v) => [v.name, sizeLimits.get(v)!]));
  if (exact.size === 0 || !spec.volumes) return spec;
  return {
    ...spec,
    volumes: spec.volumes.map((v) => (exact.has(v.name) && v.emptyDir
      ? { ...v, emptyDir: { ...v.emptyDir, sizeLimit: kplus.k8s.Quantity.fromString(exact.get(v.name)!) } }
      : v)),
  };
}
