import { apiVerb, RequestCounter } from '../../../engine/request-count';

describe('RequestCounter', () => {
  test('counts by verb and by verb and resource, as apiserver_request_total does', () => {
    const c = new RequestCounter();
    c.add('LIST', 'configmaps');
    c.add('LIST', 'configmaps');
    c.add('watch', 'deployments.apps');
    c.add('APPLY', 'secrets');
    expect(c.snapshot()).toEqual({
      total: 4,
      byVerb: { APPLY: 1, LIST: 2, WATCH: 1 },
      byResource: { 'APPLY secrets': 1, 'LIST configmaps': 2, 'WATCH deployments.apps': 1 },
    });
  });

  test('the API server verb of a request', () => {
    expect(apiVerb('GET', 'list', 'configmaps')).toBe('LIST');
    expect(apiVerb('GET', 'watch', 'pods')).toBe('WATCH');
    expect(apiVerb('GET', 'get', 'pods')).toBe('GET');
    expect(apiVerb('PATCH', 'patch', 'secrets')).toBe('PATCH');
    expect(apiVerb('DELETE', 'deletecollection', 'pods')).toBe('DELETECOLLECTION');
    expect(apiVerb('GET', 'list', '/apis/apps/v1')).toBe('GET');
  });
});
