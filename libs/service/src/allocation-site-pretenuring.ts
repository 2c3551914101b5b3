import { setFlagsFromString } from 'node:v8';

/**
 * Turns off V8's allocation-site pretenuring for this process. V8 watches
 * where objects are allocated; when most objects from one site outlive a
 * young-generation GC, it allocates that site's later objects straight in the
 * old generation. A service's objects live for one request or job, a few
 * milliseconds, but under load many are in flight at each GC and a site
 * crosses the threshold. From then on each new object is born old and dies
 * old, and while it waits for a full GC it keeps everything young that it
 * points at alive: that is promoted too, and each scavenge copies megabytes.
 * In the gateway at 6,000 webhook deliveries/s (BullMQ's `addBulk`), this
 * held 1.2 MB per scavenge; without it, a few KB (docs/architecture.md).
 *
 * Set at startup, before the load; the flag is read at each GC.
 */
export function disableAllocationSitePretenuring(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
