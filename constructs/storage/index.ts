export * from './quantity';
export * from './size';
export * from './storage-class';
export * from './aws-ebs-storage-class';
export * from './gce-pd-storage-class';
export * from './nfs-storage-class';
export * from './pvc';
export * from './pv';
