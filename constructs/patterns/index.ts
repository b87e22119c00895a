// Platform patterns: reusable constructs with production defaults, written on the `k8s` types.
export * from './postgres';
export * from './web/web-service';
export * from './tenancy/team-namespace';
export * from './node/node-agent';
export * from './batch/training-job';
export * from './canary';
export { SECRET_SEED_ENV, SECRET_SEED_FILE } from './secret-seed';
