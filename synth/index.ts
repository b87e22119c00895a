export * from './types';
export * from './kinds';
export { synthesize, synthesizeInMemory, type InMemorySynth, type StackExpander } from './synthesize';
export { toYaml } from './write';
export { synthApp, type SynthAppOptions, type SynthAppResult } from './run-app';
export { formatProblems, formatSummary } from './report';
