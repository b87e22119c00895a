import * as path from 'path';
import { scanTemplates } from '../../../helm/template-scan';

describe('scanTemplates', () => {
  test('finds random and cluster-reading calls through named templates, named as helm names templates', () => {
    const scan = scanTemplates(path.join(__dirname, '../../fixtures/charts/shop'));
    // secret.yaml calls neither itself: it includes shop.password, which does.
    expect([...scan.volatile.entries()]).toEqual([['shop/templates/secret.yaml', ['randAlphaNum']]]);
    expect([...scan.lookup]).toEqual(['shop/templates/secret.yaml']);
  });
});
