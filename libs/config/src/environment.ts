import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const text = String(value).toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  return value;
};

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/**
 * The environment variables wabus reads, as received (strings). Every field is
 * optional locally; production refuses the development defaults of secrets.
 * Each message says what is expected, because it is the one line an operator sees.
 */
export class Environment {
  @IsOptional()
  @IsIn(['development', 'production', 'test'], { message: 'NODE_ENV must be development, production or test' })
  NODE_ENV?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'PORT must be a whole number from 1 to 65535' })
  @Min(1, { message: 'PORT must be a whole number from 1 to 65535' })
  @Max(65535, { message: 'PORT must be a whole number from 1 to 65535' })
  PORT?: number;

  @IsOptional()
  @IsString()
  HOST?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL?: string;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'LOG_PRETTY must be true or false' })
  LOG_PRETTY?: boolean;

  @IsOptional()
  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379' })
  REDIS_URL?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^\s]+\/[A-Za-z0-9_]+(\?.*)?$/, {
    message: 'DATABASE_URL must be a postgres:// URL with a database name, e.g. postgres://postgres@127.0.0.1:5432/wabus',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_.:{}-]{1,64}$/, { message: 'WABUS_QUEUE_PREFIX must be 1-64 letters, digits or _.:{}-' })
  WABUS_QUEUE_PREFIX?: string;

  @IsOptional()
  @IsString()
  WABUS_SECRET_KEY?: string;

  @IsOptional()
  @IsString()
  WABUS_PREVIOUS_SECRET_KEYS?: string;

  @IsOptional()
  @IsString()
  @MinLength(24, { message: 'WABUS_BOOTSTRAP_API_KEY must be at least 24 characters long' })
  WABUS_BOOTSTRAP_API_KEY?: string;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'WABUS_ALLOW_PRIVATE_URLS must be true or false' })
  WABUS_ALLOW_PRIVATE_URLS?: boolean;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'WABUS_EMULATOR_URL must be an http(s) URL' })
  WABUS_EMULATOR_URL?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'WABUS_PUBLIC_URL must be an http(s) URL (where Meta reaches the gateway)' })
  WABUS_PUBLIC_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'WABUS_SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(1000, { message: 'WABUS_SHUTDOWN_TIMEOUT_MS must be at least 1000' })
  WABUS_SHUTDOWN_TIMEOUT_MS?: number;
}

/** Every variable the services read; the deployment tests check manifests against it. */
export const ENVIRONMENT_VARIABLES = [
  'NODE_ENV',
  'PORT',
  'HOST',
  'LOG_LEVEL',
  'LOG_PRETTY',
  'REDIS_URL',
  'DATABASE_URL',
  'WABUS_QUEUE_PREFIX',
  'WABUS_SECRET_KEY',
  'WABUS_PREVIOUS_SECRET_KEYS',
  'WABUS_BOOTSTRAP_API_KEY',
  'WABUS_ALLOW_PRIVATE_URLS',
  'WABUS_EMULATOR_URL',
  'WABUS_PUBLIC_URL',
  'WABUS_SHUTDOWN_TIMEOUT_MS',
] as const satisfies readonly (keyof Environment)[];
