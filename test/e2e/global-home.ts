import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The KAPSTAN_HOME of one e2e run: apart from a developer's own ~/.kapstan, shared by the global
 * setup, the test files (also in worker processes, through the environment) and the teardown.
 */
export function useE2EHome(): string {
  process.env.KAPSTAN_E2E_RUN ??= String(process.pid);
  const home = process.env.KAPSTAN_E2E_HOME || join(tmpdir(), `kapstan-e2e-${process.env.KAPSTAN_E2E_RUN}`);
  process.env.KAPSTAN_HOME = home;
  return home;
}
