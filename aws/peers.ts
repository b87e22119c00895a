// kapstan/aws builds on two optional peer dependencies that most users never install (aws-cdk-lib
// alone is ~160 MB). This module is the first thing kapstan/aws loads: without them it fails once,
// naming what to install, instead of with a bare "Cannot find module" from deep inside.

/** The packages kapstan/aws needs next to kapstan: the CDK, and the kubectl layer its handler runs. */
export const AWS_PEERS = ['aws-cdk-lib', '@aws-cdk/lambda-layer-kubectl-v34'] as const;

function installed(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

const missing = AWS_PEERS.filter((name) => !installed(name));
if (missing.length > 0) {
  throw new Error(
    `kapstan/aws needs the optional peer dependencies ${AWS_PEERS.join(' and ')}; not installed: ${missing.join(', ')}. ` +
      `Install them with: npm install ${AWS_PEERS.join(' ')}`,
  );
}
