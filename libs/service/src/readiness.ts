/** A dependency whose loss makes this instance unready (Redis, PostgreSQL, …). */
export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency answers; rejects (or times out) when it does not. */
  check(): Promise<void>;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; error?: string; ms: number }>;
}

const CHECK_TIMEOUT_MS = 1_500;

/** The checks this instance's `/readyz` runs; modules register theirs when they start. */
export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();
  private draining = false;

  register(check: ReadinessCheck): void {
    this.checks.set(check.name, check);
  }

  /** Once shutdown starts, readiness fails so load balancers stop sending work here. */
  startDraining(): void {
    this.draining = true;
  }

  async report(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.checks.values()].map(async (check) => {
        const started = Date.now();
        try {
          await withTimeout(check.check(), CHECK_TIMEOUT_MS, `${check.name} did not answer within ${CHECK_TIMEOUT_MS} ms`);
          return [check.name, { ok: true, ms: Date.now() - started }] as const;
        } catch (error) {
          return [check.name, { ok: false, error: error instanceof Error ? error.message : String(error), ms: Date.now() - started }] as const;
        }
      }),
    );
    const checks: ReadinessReport['checks'] = Object.fromEntries(entries);
    if (this.draining) checks['shutdown'] = { ok: false, error: 'shutting down', ms: 0 };
    return { ready: Object.values(checks).every((entry) => entry.ok), checks };
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
