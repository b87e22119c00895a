// Storage: classes (with CSI presets), claims and volumes.
export type { StorageSize } from './size';
export { StorageClass, ReclaimPolicy, VolumeBindingMode, DEFAULT_CLASS_ANNOTATION } from './storage-class';
export type { StorageClassProps } from './storage-class';
export { AwsEbsStorageClass, EbsVolumeType } from './aws-ebs-storage-class';
export type { AwsEbsStorageClassProps } from './aws-ebs-storage-class';
export type { CsiStorageClassProps, FsType } from './csi-storage-class';
export { GcePdStorageClass, GcePdDiskType } from './gce-pd-storage-class';
export type { GcePdStorageClassProps } from './gce-pd-storage-class';
export { NfsStorageClass, NfsOnDelete } from './nfs-storage-class';
export type { NfsStorageClassProps } from './nfs-storage-class';
export { PersistentVolumeClaim, PersistentVolumeAccessMode, PersistentVolumeMode } from './pvc';
export type { PersistentVolumeClaimProps } from './pvc';
export { PersistentVolume } from './pv';
export type { PersistentVolumeProps, PersistentVolumeSource } from './pv';
