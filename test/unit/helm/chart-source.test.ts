import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { binDir } from '../../../dev-cluster/binaries';
import { freePorts } from '../../../dev-cluster/ports';
import { findHelm, HelmChart } from '../../../helm';
import { Stack } from '../../../stacks';
import { synth, testApp } from '../../../testing';

const SHOP = path.join(__dirname, '../../fixtures/charts/shop');
const VALUES = { auth: { password: 'fixed-for-tests' } };

function render(props: ConstructorParameters<typeof HelmChart>[2]): string {
  const app = testApp();
  new HelmChart(new Stack(app, 'prod', { namespace: 'shop' }), 'web', props);
  return synth(app).toYaml();
}

// A chart repository on 127.0.0.1 (index.yaml and the package), served by a separate process:
// helm pull runs synchronously inside the synth, so this process could not answer it.
describe('a chart from a repository', () => {
  let dir: string;
  let server: ChildProcess;
  let url: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-chart-repo-'));
    const helm = findHelm().path;
    execFileSync(helm, ['package', SHOP, '--destination', dir], { stdio: 'ignore' });
    const serve = `const http=require('http'),fs=require('fs'),path=require('path');
      http.createServer((q,r)=>{const f=path.join(${JSON.stringify(dir)},path.basename(q.url.split('?')[0]));
        fs.readFile(f,(e,b)=>{if(e){r.statusCode=404;r.end();}else r.end(b);});})
      .listen(0,'127.0.0.1',function(){console.log(this.address().port);});`;
    server = spawn(process.execPath, ['-e', serve], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<string>((resolve) => server.stdout!.once('data', (d) => resolve(String(d).trim())));
    url = `http://127.0.0.1:${port}`;
    execFileSync(helm, ['repo', 'index', dir, '--url', url], { stdio: 'ignore' });
  });
  afterAll(() => {
    server?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('is pulled at its version and renders as the local chart does', () => {
    expect(render({ chart: 'shop', repo: url, version: '0.3.0', values: VALUES })).toBe(render({ chart: SHOP, values: VALUES }));
  });

  test('needs a version, so that every synth renders the same chart', () => {
    expect(() => render({ chart: 'shop', repo: url, values: VALUES })).toThrow('prod/web: version: a chart from a repository or registry needs a version');
  });

  test('a version the repository does not have is named', () => {
    expect(() => render({ chart: 'shop', repo: url, version: '9.9.9', values: VALUES })).toThrow(/^prod\/web: chart: helm pull shop failed: .*9\.9\.9/);
  });
});

// An OCI registry on 127.0.0.1 (the CNCF Distribution registry that dev-cluster/build.sh builds as
// kapstan-oci-registry): the chart is pushed with helm and pulled by oci:// reference, as teams
// pull charts from their company registry.
describe('a chart from an OCI registry', () => {
  let dir: string;
  let registry: ChildProcess;
  let ref: string;
  beforeAll(async () => {
    const [port] = await freePorts(1);
    registry = spawn(path.join(binDir(), 'kapstan-oci-registry'), ['--addr', `127.0.0.1:${port}`], { stdio: 'ignore' });
    for (let ready = false; !ready;) {
      ready = await fetch(`http://127.0.0.1:${port}/v2/`).then((r) => r.ok, () => false);
      if (!ready) await new Promise((r) => setTimeout(r, 100));
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-chart-oci-'));
    const helm = findHelm().path;
    execFileSync(helm, ['package', SHOP, '--destination', dir], { stdio: 'ignore' });
    execFileSync(helm, ['push', path.join(dir, 'shop-0.3.0.tgz'), `oci://127.0.0.1:${port}/charts`, '--plain-http'], { stdio: 'ignore' });
    ref = `oci://127.0.0.1:${port}/charts/shop`;
  });
  afterAll(() => {
    registry?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('is pulled at its version and renders as the local chart does', () => {
    expect(render({ chart: ref, version: '0.3.0', plainHttp: true, values: VALUES })).toBe(render({ chart: SHOP, values: VALUES }));
  });

  test('a tag the registry does not have is named', () => {
    expect(() => render({ chart: ref, version: '9.9.9', plainHttp: true, values: VALUES })).toThrow(/^prod\/web: chart: helm pull oci:\/\/127\.0\.0\.1:\d+\/charts\/shop failed: .*9\.9\.9/);
  });
});
