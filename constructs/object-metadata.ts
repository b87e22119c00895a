import { ApiObjectMetadata } from 'cdk8s';
import { AppLabels, MANAGED_BY, recommendedLabels } from './labels';

/** Props shared by every Kapstan resource construct. */
export interface KapstanResourceProps {
  /** Name, namespace, labels and annotations. Labels given here win over the recommended ones. */
  readonly metadata?: ApiObjectMetadata;
  /** The app this object belongs to: sets the recommended `app.kubernetes.io/*` labels. */
  readonly app?: AppLabels;
}

/**
 * Metadata with the recommended labels merged in. Without `app` the object still carries
 * `managed-by: kapstan`, so the engine can tell what it owns even for shared objects.
 */
export function kapstanMetadata(props: KapstanResourceProps): ApiObjectMetadata {
  const base = props.app ? recommendedLabels(props.app) : { 'app.kubernetes.io/managed-by': MANAGED_BY };
  return { ...props.metadata, labels: { ...base, ...props.metadata?.labels } };
}
