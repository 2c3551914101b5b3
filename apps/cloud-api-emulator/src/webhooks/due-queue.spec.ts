import { DueQueue } from './due-queue';

describe('DueQueue', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs tasks in due order, ties in scheduling order', () => {
    const queue = new DueQueue();
    const ran: string[] = [];
    queue.after(30, () => ran.push('c'));
    queue.after(10, () => ran.push('a'));
    queue.after(20, () => ran.push('b1'));
    queue.after(20, () => ran.push('b2'));
    queue.after(0, () => ran.push('now'));
    jest.advanceTimersByTime(15);
    expect(ran).toEqual(['now', 'a']);
    jest.advanceTimersByTime(20);
    expect(ran).toEqual(['now', 'a', 'b1', 'b2', 'c']);
    expect(queue.size).toBe(0);
  });

  it('keeps order for many tasks scheduled out of order', () => {
    const queue = new DueQueue();
    const ran: number[] = [];
    const delays = Array.from({ length: 500 }, (_, i) => (i * 7919) % 997);
    for (const delay of delays) queue.after(delay, () => ran.push(delay));
    jest.advanceTimersByTime(1000);
    expect(ran).toEqual([...delays].sort((a, b) => a - b));
  });

  it('runs a task scheduled by a running task', () => {
    const queue = new DueQueue();
    const ran: string[] = [];
    queue.after(5, () => queue.after(5, () => ran.push('second')));
    jest.advanceTimersByTime(20);
    expect(ran).toEqual(['second']);
  });

  it('forgets everything on clear', () => {
    const queue = new DueQueue();
    const ran: number[] = [];
    queue.after(5, () => ran.push(1));
    queue.clear();
    jest.advanceTimersByTime(20);
    expect(ran).toEqual([]);
  });
});
