import { findByName, indexByName } from '../../schema/inventory/by-name';

describe('lookups by name', () => {
  it('answers as find and findIndex do: first entry of a name, -1 or undefined when missing', () => {
    const list = [{ name: 'a' }, { name: 'b', n: 1 }, { name: 'b', n: 2 }];
    expect(indexByName(list, 'b')).toBe(1);
    expect(findByName(list, 'b')).toBe(list[1]);
    expect(indexByName(list, 'z')).toBe(-1);
    expect(findByName(list, 'z')).toBeUndefined();
    // Names that are Object.prototype properties are names like any other.
    expect(indexByName(list, 'constructor')).toBe(-1);
  });

  it('sees entries added after the list was first indexed', () => {
    const list = [{ name: 'a' }];
    expect(indexByName(list, 'b')).toBe(-1);
    list.push({ name: 'b' });
    expect(indexByName(list, 'b')).toBe(1);
  });

  it('answers as find does after the list changed in place: reordered, renamed, shrunk', () => {
    const list = [{ name: 'a' }, { name: 'b' }, { name: 'c' }];
    expect(indexByName(list, 'a')).toBe(0);
    list.reverse();
    expect(indexByName(list, 'a')).toBe(2);
    list[0].name = 'z';
    expect(indexByName(list, 'z')).toBe(0);
    expect(indexByName(list, 'c')).toBe(-1);
    list.pop();
    expect(findByName(list, 'a')).toBeUndefined();
  });

  it('indexes each list on its own', () => {
    const one = [{ name: 'x' }];
    const two = [{ name: 'y' }, { name: 'x' }];
    expect(indexByName(one, 'x')).toBe(0);
    expect(indexByName(two, 'x')).toBe(1);
  });
});
