export * from './stack';
export * from './placement';
export * from './overrides';
export * from './federation';
export { KARMADA_API, dnsName } from './karmada';
