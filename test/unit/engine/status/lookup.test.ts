import { controlledBy, OwnerIndex, ownedByAny, warningsOf } from '../../../../engine/status/lookup';

const obj = (name: string, refs: { uid: string; controller?: boolean }[] = [], type?: string) =>
  ({ metadata: { name, ownerReferences: refs }, ...(type ? { type } : {}) });

describe('list lookups of the tracker', () => {
  const a1 = obj('a1', [{ uid: 'a', controller: true }]);
  const a2 = obj('a2', [{ uid: 'a' }]);
  const b1 = obj('b1', [{ uid: 'b', controller: true }, { uid: 'a', controller: false }]);
  const list = [a1, b1, a2, obj('none')];

  test('controlledBy: references whose controller is not false, in list order', () => {
    expect(controlledBy(list, 'a')).toEqual([a1, a2]);
    expect(controlledBy(list, 'b')).toEqual([b1]);
    expect(controlledBy(list, 'c')).toEqual([]);
    expect(controlledBy(list, undefined)).toEqual([]);
  });

  test('ownedByAny: any owner reference to one of the uids, each object once', () => {
    expect(ownedByAny(list, new Set(['a'])).map((o) => o.metadata!.name).sort()).toEqual(['a1', 'a2', 'b1']);
    expect(ownedByAny(list, new Set(['a', 'b'])).length).toBe(3);
    expect(ownedByAny(list, new Set([undefined]))).toEqual([]);
  });

  test('warningsOf: the Warning events, and a new list gets an index of its own', () => {
    const events = [obj('e1', [], 'Normal'), obj('e2', [], 'Warning')];
    expect(warningsOf(events).map((e) => e.metadata!.name)).toEqual(['e2']);
    const next = [...events, obj('e3', [], 'Warning')];
    expect(warningsOf(next).map((e) => e.metadata!.name)).toEqual(['e2', 'e3']);
  });

  test('OwnerIndex: kept current object by object, it answers the lookups of a snapshot as a fresh index would', () => {
    const ix = new OwnerIndex();
    const a1 = obj('a1', [{ uid: 'a', controller: true }]);
    const a2 = obj('a2', [{ uid: 'a' }]);
    const b1 = obj('b1', [{ uid: 'b', controller: true }, { uid: 'a', controller: false }]);
    for (const o of [a1, b1, a2]) ix.replace(undefined, o);
    const first = ix.of([a1, b1, a2]);
    expect(controlledBy(first, 'a')).toEqual(controlledBy([a1, b1, a2], 'a'));
    expect(ownedByAny(first, new Set(['a'])).length).toBe(3);
    // a2 moves from a to b; b1 goes away.
    const a2b = obj('a2', [{ uid: 'b', controller: true }]);
    ix.replace(a2, a2b);
    ix.remove(b1);
    const next = ix.of([a1, a2b]);
    expect(controlledBy(next, 'a')).toEqual([a1]);
    expect(controlledBy(next, 'b')).toEqual([a2b]);
    expect(ownedByAny(next, new Set(['a', 'b']))).toEqual(expect.arrayContaining([a1, a2b]));
    expect(ownedByAny(next, new Set(['a', 'b'])).length).toBe(2);
    ix.clear();
    expect(controlledBy(ix.of([]), 'a')).toEqual([]);
  });
});
