// The engine commands' parsed CLI flags, shared by the single-stack commands (cli/commands/engine.ts)
// and the federation runner (engine/federation/cli.ts).

export interface CommonFlags {
  app?: string;
  dir?: string;
  stack?: string;
  context?: string;
  kubeconfig?: string;
  namespace?: string;
  output: 'text' | 'json';
  /** Not on every command (status, history, diff have none): defaults apply. */
  timeout?: string;
  yes?: boolean;
  concurrency?: string;
  waitForLock?: boolean;
}

export interface ApplyFlags extends CommonFlags {
  dryRun?: boolean;
  forceConflicts?: boolean;
  replace?: boolean;
  prune?: boolean;
  pruneProtected?: boolean;
  allowEmpty?: boolean;
  historyMax: string;
  atomic?: boolean;
  wait: boolean;
  failFast: string | boolean;
  adopt?: boolean;
  cascadeForeign?: boolean;
  crashLoopRestarts?: string;
}
