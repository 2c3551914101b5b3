import { MetaRejection } from '../errors/meta-rejection';
import { defaultFaults, FaultSettings } from './fault-settings';
import { SeededRandom } from './seeded-random';

export type SendFault = { kind: 'timeout'; holdMs: number } | { kind: 'error'; rejection: MetaRejection };

/**
 * The active faults and the one seeded generator behind every random decision
 * of the emulator, so that a seed reproduces a run: the same sends fail, the
 * same webhooks are duplicated and shuffled the same way.
 */
export class FaultInjector {
  private current: FaultSettings = defaultFaults(Date.now() >>> 0);
  private random = new SeededRandom(this.current.seed);
  private errorCodes: [number, number][] = [];
  private failedCodes: [number, number][] = [];

  get settings(): FaultSettings {
    return this.current;
  }

  get rng(): SeededRandom {
    return this.random;
  }

  configure(settings: FaultSettings): void {
    this.current = settings;
    this.random = new SeededRandom(settings.seed);
    // Sorted so the draws happen in the same order for the same settings.
    this.errorCodes = sortedRates(settings.errorCodes);
    this.failedCodes = sortedRates(settings.failedStatusCodes);
  }

  clear(): void {
    this.configure(defaultFaults(Date.now() >>> 0));
  }

  /** A fault for this send, if the dice say so: a timeout, a 503, or one of the chosen error codes. */
  sendFault(): SendFault | undefined {
    const faults = this.current;
    if (this.random.chance(faults.timeoutRate)) return { kind: 'timeout', holdMs: faults.timeoutMs };
    if (this.random.chance(faults.http5xxRate)) return { kind: 'error', rejection: new MetaRejection(2) };
    for (const [code, rate] of this.errorCodes) {
      if (this.random.chance(rate)) return { kind: 'error', rejection: new MetaRejection(code) };
    }
    return undefined;
  }

  /** An injected asynchronous failure code for an accepted send, if any. */
  failedStatusCode(): number | undefined {
    for (const [code, rate] of this.failedCodes) if (this.random.chance(rate)) return code;
    return undefined;
  }
}

function sortedRates(rates: Record<string, number>): [number, number][] {
  return Object.entries(rates)
    .map(([code, rate]): [number, number] => [Number(code), rate])
    .sort((a, b) => a[0] - b[0]);
}
