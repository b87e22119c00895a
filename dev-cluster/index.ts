// Programmatic API of the local dev cluster, used by `kapstan dev-cluster`, the e2e harness and
// engine tests.
export {
  upCluster,
  downCluster,
  listClusters,
  getCluster,
  clusterInfo,
  restartComponent,
  stopComponent,
  startComponent,
  DEFAULT_CLUSTER,
  type UpOptions,
  type DevCluster,
  type ClusterInfo,
} from './cluster';
export { binDir, binaryPath, ensureBinaries, missingBinaries, BINARIES, type BinaryName } from './binaries';
export { COMPONENTS, type ComponentName, PROVISIONER_NAME } from './components';
export { DEFAULT_STORAGE_CLASS } from './storage';
export { GPU_RESOURCE, GPU_TAINT } from './nodes';
export { kapstanHome, clusterDir } from './paths';
