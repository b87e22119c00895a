export * from './namespace';
export * from './service-account';
export * from './policy-rule';
export * from './role';
export * from './role-binding';
export * from './resource-list';
export * from './resource-quota';
export * from './limit-range';
