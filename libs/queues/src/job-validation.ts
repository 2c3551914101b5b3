import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
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
  const instance = plainToInstance(contract, data);
  const errors = validateSync(instance as object, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) throw new InvalidJobError(name, flatten(errors));
  return data as JobOf<N>;
}

function flatten(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((error) => {
    const field = path ? `${path}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((text) => `${field}: ${text}`);
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
