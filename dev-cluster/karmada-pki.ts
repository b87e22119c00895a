import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { keyArgs, openssl, type Pki } from './pki';

/** Certificates a Karmada control plane needs beyond a dev cluster's own (pki.ts). */
export interface KarmadaPki {
  /** The aggregation layer: kube-apiserver proves itself to the aggregated apiserver with this client cert. */
  frontProxyCa: string;
  frontProxyClientCert: string;
  frontProxyClientKey: string;
  /** Serving certificate of the aggregated apiserver and the webhook (directory with tls.crt/tls.key). */
  serverDir: string;
  serverCert: string;
  serverKey: string;
}

/** The names the aggregator and the webhook clients check: the APIService's Service and the url: webhooks' 127.0.0.1. */
const SERVER_SANS = 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:karmada-aggregated-apiserver.karmada-system.svc,DNS:karmada-webhook.karmada-system.svc';

export async function createKarmadaPki(pki: Pki): Promise<KarmadaPki> {
  const cnf = join(pki.dir, 'openssl.cnf');
  const serverDir = join(pki.dir, 'karmada-server');
  mkdirSync(serverDir, { recursive: true, mode: 0o700 });
  const p = (f: string) => join(pki.dir, f);
  const k: KarmadaPki = {
    frontProxyCa: p('front-proxy-ca.crt'),
    frontProxyClientCert: p('front-proxy-client.crt'),
    frontProxyClientKey: p('front-proxy-client.key'),
    serverDir,
    serverCert: join(serverDir, 'tls.crt'),
    serverKey: join(serverDir, 'tls.key'),
  };
  const days = ['-days', '3650', '-config', cnf];
  const frontProxyCaKey = p('front-proxy-ca.key');
  // A CA of its own for the front proxy, so no ordinary client certificate can assert request headers.
  await openssl(['req', '-x509', ...keyArgs, ...days, '-keyout', frontProxyCaKey, '-out', k.frontProxyCa, '-subj', '/CN=kapstan-front-proxy-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], cnf);
  const signed = (ca: string, caKey: string, subj: string, cert: string, key: string, ext: string[]) =>
    openssl(['req', '-x509', ...keyArgs, ...days, '-CA', ca, '-CAkey', caKey, '-keyout', key, '-out', cert, '-subj', subj,
      '-addext', 'basicConstraints=critical,CA:FALSE', '-addext', 'keyUsage=critical,digitalSignature,keyEncipherment',
      ...ext.flatMap((e) => ['-addext', e])], cnf);
  await Promise.all([
    signed(k.frontProxyCa, frontProxyCaKey, '/CN=front-proxy-client', k.frontProxyClientCert, k.frontProxyClientKey, ['extendedKeyUsage=clientAuth']),
    signed(pki.caCert, pki.caKey, '/CN=karmada-server', k.serverCert, k.serverKey, ['extendedKeyUsage=serverAuth', SERVER_SANS]),
  ]);
  return k;
}
