import { collectionPath, objectPath, requestInfoFor, splitApiVersion } from '../../../engine/paths';
import { describeApiError } from '../../../engine/errors';

const deploy = { group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments', namespaced: true };
const crd = { group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition', resource: 'customresourcedefinitions', namespaced: false };

describe('paths', () => {
  it('builds collection and object paths', () => {
    expect(collectionPath(deploy, 'web')).toBe('/apis/apps/v1/namespaces/web/deployments');
    expect(objectPath(crd, 'x.example.com', 'ignored')).toBe('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/x.example.com');
    expect(objectPath({ ...deploy, group: '', resource: 'configmaps' }, 'c', 'web')).toBe('/api/v1/namespaces/web/configmaps/c');
    expect(splitApiVersion('v1')).toEqual({ group: '', version: 'v1' });
    expect(splitApiVersion('apps/v1')).toEqual({ group: 'apps', version: 'v1' });
  });

  it('derives verb, resource and namespace from a request', () => {
    expect(requestInfoFor('PATCH', '/apis/apps/v1/namespaces/web/deployments/api')).toEqual({ verb: 'patch', resource: 'deployments.apps', namespace: 'web', name: 'api' });
    expect(requestInfoFor('GET', '/api/v1/namespaces/web/secrets', {})).toEqual({ verb: 'list', resource: 'secrets', namespace: 'web', name: undefined });
    expect(requestInfoFor('GET', '/api/v1/namespaces/web')).toEqual({ verb: 'get', resource: 'namespaces', name: 'web' });
    expect(requestInfoFor('DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/a.b')).toMatchObject({ verb: 'delete', resource: 'customresourcedefinitions.apiextensions.k8s.io', namespace: undefined });
  });

  it('a 403 names the verb, resource and namespace', () => {
    const msg = describeApiError(403, { message: 'nope' }, requestInfoFor('PATCH', '/apis/apps/v1/namespaces/web/deployments/api'));
    expect(msg).toContain('patch deployments.apps "api" in namespace "web"');
  });
});
