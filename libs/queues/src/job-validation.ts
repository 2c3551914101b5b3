import 'reflect-metadata';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { validateSync, ValidationError } from 'class-validator';
import { JOB_CONTRACTS, JobOf } from './job-contracts';
import { JobName } from './queue-names';

/** A job whose payload breaks its contract: never worth a retry. */
export class InvalidJobError extends Error {
  readonly code = 'invalid_job';
  constructor(
    readonly jobName: string,
    readonly problems: string[],
  ) {
    super(`job ${jobName} breaks its contract: ${problems.join('; ')}`);
    this.name = 'InvalidJobError';
  }
}

/** Checks a payload against its job's contract, on both sides of the queue. */
export function validateJob<N extends JobName>(name: N, data: unknown): JobOf<N> {
  const contract = JOB_CONTRACTS[name] as unknown as new () => JobOf<N>;
  if (!contract) throw new InvalidJobError(String(name), ['unknown job name']);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new InvalidJobError(name, ['payload is not an object']);
  const errors = validateSync(asContract(contract, data as Record<string, unknown>), { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) throw new InvalidJobError(name, flatten(errors));
  return data as JobOf<N>;
}

/** A contract class (its instances are what class-validator checks). */
type Contract = abstract new () => object;

/**
 * The payload as an instance of its contract, for class-validator: its own
 * fields shared, not copied, and only a field with a nested contract
 * (`@Type`) made an instance of that contract, element by element for arrays.
 * class-transformer's plainToInstance deep-copies every nested value, which
 * was three quarters of a check (~95 of ~125 µs per domain event); the
 * problems found are the same (job-validation.spec.ts compares both on fuzzed
 * payloads). Fields are defined, never assigned, so a `__proto__` key in the
 * data stays a field and cannot swap the contract the check reads.
 */
function asContract(contract: Contract, data: Record<string, unknown>): object {
  const instance = Object.create(contract.prototype as object) as object;
  for (const key of Object.keys(data)) {
    const nested = defaultMetadataStorage.findTypeMetadata(contract, key)?.typeFunction() as Contract | undefined;
    const value = data[key];
    Object.defineProperty(instance, key, { value: nested ? asNested(nested, value) : value, enumerable: true, writable: true, configurable: true });
  }
  return instance;
}

function asNested(contract: Contract, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => asNested(contract, item));
  return isRecord(value) ? asContract(contract, value) : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function flatten(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((error) => {
    const field = path ? `${path}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((text) => `${field}: ${text}`);
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
