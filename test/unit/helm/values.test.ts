import * as path from 'path';
import { checkValues, mergeValues } from '../../../helm/values';

const SHOP = path.join(__dirname, '../../fixtures/charts/shop');

describe('values', () => {
  test('merge as helm coalesces: maps key by key, null removes a default', () => {
    expect(mergeValues({ a: { b: 1, c: 2 }, d: [1], e: 'x' }, { a: { c: 3 }, d: [2], e: null })).toEqual({ a: { b: 1, c: 3 }, d: [2] });
  });

  test('the chart defaults pass its schema', () => {
    expect(() => checkValues(SHOP, {}, 'prod/shop')).not.toThrow();
  });

  test('errors name every failing values path, the subchart\'s too', () => {
    expect(() => checkValues(SHOP, { replicaCount: 'two', image: { tag: 2, pullPolicy: 'Sometimes' }, colour: 'red', cache: { replicas: 0 } }, 'prod/shop'))
      .toThrow(/^prod\/shop: /);
    let message = '';
    try {
      checkValues(SHOP, { replicaCount: 'two', image: { tag: 2, pullPolicy: 'Sometimes' }, colour: 'red', cache: { replicas: 0 } }, 'prod/shop');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('values.colour: is not allowed by the chart\'s schema');
    expect(message).toContain('values.replicaCount: must be integer');
    expect(message).toContain('values.image.tag: must be string');
    expect(message).toContain('values.image.pullPolicy: must be equal to one of the allowed values ("Always", "IfNotPresent", "Never")');
    expect(message).toContain('values.cache.replicas: must be >= 1');
  });

  test('a required value removed with null is reported as required', () => {
    expect(() => checkValues(SHOP, { image: null }, 'prod/shop')).toThrow('values.image: is required');
  });
});
