import { ensureBinaries } from '../../dev-cluster/binaries';
import { useE2EHome } from './global-home';

/** Builds (or reuses) the dev-cluster binaries once per run; fails plainly if Go is missing. */
export default async function globalSetup(): Promise<void> {
  useE2EHome();
  const dir = await ensureBinaries({ build: true });
  process.stderr.write(`\ne2e: dev-cluster binaries in ${dir}\n`);
}
