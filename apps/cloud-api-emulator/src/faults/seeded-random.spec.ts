import { SeededRandom } from './seeded-random';

describe('SeededRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const seqA = Array.from({ length: 20 }, () => a.next());
    const seqB = Array.from({ length: 20 }, () => b.next());
    expect(seqA).toEqual(seqB);
    expect(new Set(seqA).size).toBe(20);
  });

  it('gives different sequences for different seeds', () => {
    expect(new SeededRandom(1).next()).not.toBe(new SeededRandom(2).next());
  });

  it('keeps every number in [0, 1)', () => {
    const random = new SeededRandom(7);
    for (let i = 0; i < 10_000; i++) {
      const value = random.next();
      expect(value >= 0 && value < 1).toBe(true);
    }
  });

  it.each([
    [0, 0],
    [1, 1000],
  ])('chance(%s) is true %s times in 1000', (rate, expected) => {
    const random = new SeededRandom(3);
    expect(Array.from({ length: 1000 }, () => random.chance(rate)).filter(Boolean)).toHaveLength(expected);
  });

  it('hits a 30 % rate roughly 30 % of the time', () => {
    const random = new SeededRandom(11);
    const hits = Array.from({ length: 10_000 }, () => random.chance(0.3)).filter(Boolean).length;
    expect(hits).toBeGreaterThan(2700);
    expect(hits).toBeLessThan(3300);
  });

  it('shuffles to a permutation of the same items', () => {
    const items = [1, 2, 3, 4, 5, 6];
    expect(new SeededRandom(5).shuffle([...items]).sort()).toEqual(items);
  });

  it.each([2, 3, 5, 8])('reorders %s items to a different order, for every seed tried', (n) => {
    for (let seed = 0; seed < 200; seed++) {
      const items = Array.from({ length: n }, (_, i) => i);
      const reordered = new SeededRandom(seed).reorder([...items]);
      expect(reordered).not.toEqual(items);
      expect([...reordered].sort((a, b) => a - b)).toEqual(items);
    }
  });
});
