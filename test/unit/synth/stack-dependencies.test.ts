import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { Stack } from '../../../stacks';
import { synthesize } from '../../../synth';
import { readIndex, tempDir } from './helpers';

const cm = (scope: any, id: string) => new ApiObject(scope, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: id.toLowerCase() }, data: { a: '1' } });

describe('stack dependencies in index.json', () => {
  test('stack.addDependency(other), on the stack or on a construct inside the other, becomes dependsOn', () => {
    const out = tempDir();
    const app = new App();
    const base = new Stack(app, 'base', { namespace: 'base' });
    const db = new Stack(app, 'db', { namespace: 'db' });
    const web = new Stack(app, 'web', { namespace: 'web' });
    const plain = new Chart(app, 'plain', { namespace: 'plain' });
    const inner = new Chart(db, 'inner');
    cm(base, 'Base');
    cm(inner, 'Db');
    cm(web, 'Web');
    cm(plain, 'Plain');
    db.addDependency(base);
    web.addDependency(inner, base); // a construct inside db: the stack db
    web.addDependency(web); // itself: ignored
    expect(synthesize(app, { outdir: out, validate: 'off' }).ok).toBe(true);
    expect(readIndex(path.join(out, 'base')).dependsOn).toBeUndefined();
    expect(readIndex(path.join(out, 'db')).dependsOn).toEqual(['base']);
    expect(readIndex(path.join(out, 'web')).dependsOn).toEqual(['base', 'db']);
    expect(readIndex(path.join(out, 'plain')).dependsOn).toBeUndefined();
  });
});
