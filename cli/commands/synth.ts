import type { Command } from 'commander';

// Placeholder until the owning change lands; replaced by the real command module.
export function registerSynth(_program: Command): void {}
