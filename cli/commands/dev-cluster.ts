import type { Command } from 'commander';

// Placeholder until the owning change lands; replaced by the real command module.
export function registerDevCluster(_program: Command): void {}
