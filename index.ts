// Kapstan's public API.
export * from './constructs';
export * from './stacks';
export * from './synth';
export * from './validate';
export * from './helm';
