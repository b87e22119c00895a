// A package registry on 127.0.0.1 for installing the packed kapstan tarball the way users do
// (`npm install kapstan`, `kapstan init`) without the network: it serves every package version
// of the repo's package-lock.json, with the tarballs npm already holds in its local cache
// (~/.npm/_cacache, filled by `npm ci`), plus the tarballs the test adds (kapstan itself).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

interface Version {
  manifest: Record<string, unknown>;
  /** A file to serve, or an integrity to find in npm's cache. */
  file?: string;
  integrity: string;
}

const LOCK_FIELDS = ['dependencies', 'bundleDependencies', 'optionalDependencies', 'peerDependencies', 'peerDependenciesMeta', 'bin', 'os', 'cpu', 'libc', 'engines', 'license', 'hasInstallScript', 'deprecated'];

export class LocalRegistry {
  private readonly packages = new Map<string, Map<string, Version>>();
  private server?: http.Server;
  url = '';

  constructor(private readonly npmCache = path.join(os.homedir(), '.npm', '_cacache')) {}

  /** Every package version of a package-lock.json (v2/v3), tarballs from npm's cache. */
  addLockfile(file: string): this {
    const lock = JSON.parse(fs.readFileSync(file, 'utf8')) as { packages: Record<string, Record<string, any>> };
    for (const [key, entry] of Object.entries(lock.packages)) {
      if (!key || entry.link || !entry.version || !entry.integrity) continue;
      const name: string = entry.name ?? key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
      const manifest: Record<string, unknown> = { name, version: entry.version };
      for (const field of LOCK_FIELDS) if (entry[field] !== undefined) manifest[field] = entry[field];
      this.add(name, entry.version, { manifest, integrity: entry.integrity });
    }
    return this;
  }

  /** A packed tarball (`npm pack`), served as its package.json's name and version. */
  addTarball(file: string, manifest: { name: string; version: string } & Record<string, unknown>): this {
    const integrity = `sha512-${createHash('sha512').update(fs.readFileSync(file)).digest('base64')}`;
    this.add(manifest.name, manifest.version, { manifest, file, integrity });
    return this;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private add(name: string, version: string, v: Version): void {
    let versions = this.packages.get(name);
    if (!versions) this.packages.set(name, (versions = new Map()));
    versions.set(version, v);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]).slice(1);
    const tarball = /^(.+)\/-\/[^/]+-(\d[^/]*)\.tgz$/.exec(url);
    if (tarball) return this.sendTarball(tarball[1], tarball[2], res);
    const versions = this.packages.get(url);
    if (!versions) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const doc = {
      name: url,
      'dist-tags': { latest: [...versions.keys()].sort(compareVersions).at(-1) },
      versions: Object.fromEntries(
        [...versions].map(([version, v]) => [
          version,
          { ...v.manifest, dist: { tarball: `${this.url}${url}/-/${url.split('/').pop()}-${version}.tgz`, integrity: v.integrity } },
        ]),
      ),
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
  }

  private sendTarball(name: string, version: string, res: http.ServerResponse): void {
    const v = this.packages.get(name)?.get(version);
    const file = v && (v.file ?? this.cached(v.integrity));
    if (!file || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  }

  /** npm's cache stores each tarball by the hex digest of its integrity. */
  private cached(integrity: string): string {
    const [algorithm, base64] = integrity.split(' ')[0].split('-');
    const hex = Buffer.from(base64, 'base64').toString('hex');
    return path.join(this.npmCache, 'content-v2', algorithm, hex.slice(0, 2), hex.slice(2, 4), hex.slice(4));
  }
}

function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/[.+-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    if (pa[i] === undefined) return -1;
    if (pb[i] === undefined) return 1;
    return typeof pa[i] === 'number' && typeof pb[i] === 'number' ? (pa[i] as number) - (pb[i] as number) : String(pa[i]) < String(pb[i]) ? -1 : 1;
  }
  return 0;
}
