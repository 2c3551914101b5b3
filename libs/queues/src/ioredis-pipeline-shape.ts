import { Cluster, Pipeline, Redis } from 'ioredis';

const installed = Symbol.for('wabus.ioredis-pipeline-shape');

/**
 * Lets ioredis pipelines die young. ioredis (5.x and 6.1) defines `length`
 * on every Pipeline in its constructor, with `Object.defineProperty` and a new
 * getter closure each time. V8 then gives each pipeline a hidden class of its
 * own; hidden classes live in the old generation and hold that getter, whose
 * closure holds the pipeline. So every pipeline — `pipeline()`, `multi()`,
 * auto-pipelining, BullMQ's `addBulk` — survives each young-generation GC with
 * all its commands and their encoded bytes, is promoted, and is freed only by
 * a full GC. The gateway's webhook batches promoted 1.4 MB per scavenge that
 * way, and each scavenge paused it 5 ms instead of 2 (docs/architecture.md).
 *
 * After this, `length` is served by the prototype, and the per-instance
 * definition is skipped while `pipeline()` or `multi()` builds a pipeline.
 * Process-wide and idempotent; services call it before they connect.
 */
export function shareIoredisPipelineShape(): void {
  const prototype = Pipeline.prototype as object as Record<symbol, boolean>;
  if (prototype[installed]) return;
  prototype[installed] = true;
  Object.defineProperty(Pipeline.prototype, 'length', {
    configurable: true,
    get(this: { _queue: unknown[] }) {
      return this._queue.length;
    },
  });
  for (const client of [Redis.prototype, Cluster.prototype] as Array<Record<'pipeline' | 'multi', (...args: unknown[]) => unknown>>) {
    for (const method of ['pipeline', 'multi'] as const) {
      const build = client[method];
      client[method] = function (this: unknown, ...args: unknown[]) {
        return withoutOwnPipelineLength(() => build.apply(this, args));
      };
    }
  }
}

/** Runs `build` (synchronous) with `Object.defineProperty` skipping only a Pipeline's own `length` accessor. */
function withoutOwnPipelineLength<T>(build: () => T): T {
  const define = Object.defineProperty;
  Object.defineProperty = function <O>(target: O, key: PropertyKey, descriptor: PropertyDescriptor & ThisType<unknown>): O {
    if (key === 'length' && descriptor.get && target instanceof Pipeline) return target;
    return define(target, key, descriptor);
  };
  try {
    return build();
  } finally {
    Object.defineProperty = define;
  }
}
