export * from './selector';
export * from './service';
export * from './ingress';
export * from './network-peer';
export * from './network-policy';
