import { PROVISIONER_NAME } from './components';

export const DEFAULT_STORAGE_CLASS = 'standard';

/**
 * The default StorageClass. WaitForFirstConsumer, like most cloud classes: a claim stays Pending
 * until a pod using it is scheduled, then the provisioner creates a volume pinned to that node.
 */
export function storageClassManifest(): object {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name: DEFAULT_STORAGE_CLASS,
      annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
    },
    provisioner: PROVISIONER_NAME,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  };
}
