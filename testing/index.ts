// Helpers for users' own tests: `import { synth, testApp } from 'kapstan/testing'`.
export { synth, testApp, TEST_SECRET_SEED, type Manifest, type TestStack, type TestSynth, type TestSynthOptions } from './test-synth';
