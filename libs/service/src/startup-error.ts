/** A reason this service cannot start; printed as one line before exiting non-zero. */
export class StartupError extends Error {
  readonly code = 'startup_failed';
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}
