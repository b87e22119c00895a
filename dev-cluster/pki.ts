import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** File paths of one cluster's certificates and keys (ECDSA P-256, made with the openssl CLI). */
export interface Pki {
  dir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  saKey: string;
  saPub: string;
  clients: Record<ClientName, { cert: string; key: string }>;
}

/** Client identities: the admin is in system:masters; the others get their RBAC bootstrap roles. */
const CLIENTS = {
  admin: '/O=system:masters/CN=kapstan-admin',
  'controller-manager': '/CN=system:kube-controller-manager',
  scheduler: '/CN=system:kube-scheduler',
} as const;
export type ClientName = keyof typeof CLIENTS;

// A config of our own so the system openssl.cnf cannot add conflicting extensions.
const OPENSSL_CNF = '[req]\ndistinguished_name = dn\n[dn]\n';

export async function openssl(args: string[], cnf: string): Promise<void> {
  try {
    await run('openssl', args, { env: { ...process.env, OPENSSL_CONF: cnf } });
  } catch (err) {
    const e = err as { code?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error('openssl is not installed: the dev cluster needs it to make certificates (apt-get install openssl)');
    throw new Error(`openssl ${args[0]} failed: ${e.stderr ?? String(err)}`);
  }
}

export const keyArgs = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export async function createPki(dir: string): Promise<Pki> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const cnf = join(dir, 'openssl.cnf');
  writeFileSync(cnf, OPENSSL_CNF);
  const p = (f: string) => join(dir, f);
  const pki: Pki = {
    dir,
    caCert: p('ca.crt'),
    caKey: p('ca.key'),
    serverCert: p('apiserver.crt'),
    serverKey: p('apiserver.key'),
    saKey: p('sa.key'),
    saPub: p('sa.pub'),
    clients: {
      admin: { cert: p('admin.crt'), key: p('admin.key') },
      'controller-manager': { cert: p('controller-manager.crt'), key: p('controller-manager.key') },
      scheduler: { cert: p('scheduler.crt'), key: p('scheduler.key') },
    },
  };
  const days = ['-days', '3650', '-config', cnf];
  await openssl(['req', '-x509', ...keyArgs, ...days, '-keyout', pki.caKey, '-out', pki.caCert, '-subj', '/CN=kapstan-dev-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], cnf);
  const signed = (subj: string, cert: string, key: string, ext: string[]) =>
    openssl(['req', '-x509', ...keyArgs, ...days, '-CA', pki.caCert, '-CAkey', pki.caKey, '-keyout', key, '-out', cert, '-subj', subj,
      '-addext', 'basicConstraints=critical,CA:FALSE', '-addext', 'keyUsage=critical,digitalSignature,keyEncipherment',
      ...ext.flatMap((e) => ['-addext', e])], cnf);
  const sans = 'subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local';
  await Promise.all([
    signed('/CN=kube-apiserver', pki.serverCert, pki.serverKey, ['extendedKeyUsage=serverAuth', sans]),
    ...(Object.keys(CLIENTS) as ClientName[]).map((c) =>
      signed(CLIENTS[c], pki.clients[c].cert, pki.clients[c].key, ['extendedKeyUsage=clientAuth'])),
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', pki.saKey], cnf)
      .then(() => openssl(['pkey', '-in', pki.saKey, '-pubout', '-out', pki.saPub], cnf)),
  ]);
  return pki;
}

export function pem(path: string): string {
  return readFileSync(path, 'utf8');
}
