import { Chart, Testing } from 'cdk8s';
import { InputError, PropError, WorkloadPropError, check, checkCount, checkName, checkPositiveInt, constructError, futurePath } from '../../../constructs/errors';

const chart = () => new Chart(Testing.app(), 'prod');

describe('the constructs errors module', () => {
  test('one message format: construct path, field, problem', () => {
    const c = chart();
    expect(constructError(c, 'spec.replicas', 'must be >= 0').message).toBe('prod: spec.replicas: must be >= 0');
    expect(new PropError('prod/web', 'image', 'is required').message).toBe('prod/web: image: is required');
    expect(() => check(false, c, 'app.name', 'must be a label value')).toThrow('prod: app.name: must be a label value');
  });

  test('a prop error is a plain Error by name (the CLI adds the app file and line), an input error is not', () => {
    const e = constructError(chart(), 'x', 'bad');
    expect(e).toBeInstanceOf(PropError);
    expect(e.name).toBe('Error');
    expect((e as Partial<InputError>).kapstanInputError).toBeUndefined();
    expect(new InputError('a.yaml: kind: missing').kapstanInputError).toBe(true);
  });

  test('the former workload error name is the same class', () => {
    expect(WorkloadPropError).toBe(PropError);
    expect(new WorkloadPropError('p', 'f', 'g')).toBeInstanceOf(PropError);
  });

  test('count checks', () => {
    const c = chart();
    expect(() => checkCount(undefined, c, 'replicas')).not.toThrow();
    expect(() => checkCount(-1, c, 'replicas')).toThrow('prod: replicas: must be a whole number >= 0 (got -1)');
    expect(checkPositiveInt(c, 'instances', 3)).toBe(3);
    expect(() => checkPositiveInt(c, 'instances', 1.5)).toThrow('prod: instances: must be an integer >= 1, got 1.5');
    expect(() => checkPositiveInt(c, 'gpus', -1, 0)).toThrow('prod: gpus: must be an integer >= 0, got -1');
  });

  test('names: a DNS label of at most the given length', () => {
    const c = chart();
    expect(checkName(c, 'name', 'orders-pg')).toBe('orders-pg');
    expect(() => checkName(c, 'name', 'Orders')).toThrow('prod: name: "Orders" must be a DNS-1123 label of at most 50 characters');
    expect(() => checkName(c, 'name', 'a'.repeat(41), 40)).toThrow('at most 40 characters');
  });

  test('the future path of a construct not yet created', () => {
    const c = chart();
    expect(futurePath(c, 'web')).toBe('prod/web');
  });
});
