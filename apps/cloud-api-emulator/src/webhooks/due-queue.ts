interface DueTask {
  at: number;
  seq: number;
  run: () => void;
}

/**
 * Runs tasks at a given time with one timer for all of them (a binary heap by
 * due time, ties in scheduling order). Thousands of status webhooks a second
 * would otherwise mean thousands of timers; here it is one, and `clear()`
 * stops everything at once on reset or shutdown.
 */
export class DueQueue {
  private heap: DueTask[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  get size(): number {
    return this.heap.length;
  }

  after(delayMs: number, run: () => void): void {
    const task = {
      at: Date.now() + Math.max(0, delayMs),
      seq: this.seq++,
      run,
    };
    this.push(task);
    if (task.at < this.timerAt) this.arm();
  }

  clear(): void {
    this.heap = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
    const first = this.heap[0];
    if (!first) return;
    this.timerAt = first.at;
    this.timer = setTimeout(() => this.fire(), Math.max(0, first.at - Date.now()));
    this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = Date.now();
    while (this.heap.length > 0 && this.heap[0].at <= now) {
      const task = this.pop();
      task.run();
    }
    this.arm();
  }

  private before(a: DueTask, b: DueTask): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(task: DueTask): void {
    const heap = this.heap;
    heap.push(task);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  private pop(): DueTask {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop() as DueTask;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && this.before(heap[left], heap[smallest])) smallest = left;
        if (right < heap.length && this.before(heap[right], heap[smallest])) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest], heap[i]];
        i = smallest;
      }
    }
    return top;
  }
}
