import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('gives working local defaults with an empty environment', () => {
    const config = loadConfig('gateway', {});
    expect(config).toMatchObject({
      port: 3000,
      redisUrl: 'redis://127.0.0.1:6379',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/wabus',
      queuePrefix: '{wabus}',
      allowPrivateUrls: true,
      production: false,
      bootstrapApiKey: null,
    });
    expect(config.secretKey).toHaveLength(32);
  });

  it('uses each service its own default port', () => {
    expect(loadConfig('sender', {}).port).toBe(3001);
    expect(loadConfig('cloud-api-emulator', {}).port).toBe(4010);
    expect(loadConfig('store', { PORT: '9000' }).port).toBe(9000);
  });

  it.each([
    ['PORT', 'abc', /PORT must be a whole number/],
    ['PORT', '70000', /PORT must be a whole number/],
    ['REDIS_URL', 'localhost:6379', /REDIS_URL must be a redis:\/\//],
    ['DATABASE_URL', 'mysql://x/y', /DATABASE_URL must be a postgres:\/\//],
    ['DATABASE_URL', 'postgres://127.0.0.1:5432', /DATABASE_URL must be a postgres:\/\/ URL with a database name/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['WABUS_ALLOW_PRIVATE_URLS', 'maybe', /WABUS_ALLOW_PRIVATE_URLS must be true or false/],
    ['WABUS_BOOTSTRAP_API_KEY', 'short', /at least 24 characters/],
    ['WABUS_SECRET_KEY', 'abcd', /32 bytes/],
    ['NODE_ENV', 'staging', /NODE_ENV must be development, production or test/],
  ])('refuses %s=%s with one line naming the variable', (variable, value, message) => {
    let error: unknown;
    try {
      loadConfig('gateway', { [variable]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toMatch(message);
    expect((error as ConfigError).message).not.toContain('\n');
  });

  it('refuses to run in production without a secret key', () => {
    expect(() => loadConfig('gateway', { NODE_ENV: 'production' })).toThrow(/WABUS_SECRET_KEY is required in production/);
  });

  it('in production accepts a real key and turns private URLs off by default', () => {
    const key = randomBytes(32);
    const config = loadConfig('gateway', { NODE_ENV: 'production', WABUS_SECRET_KEY: key.toString('base64') });
    expect(config.secretKey.equals(key)).toBe(true);
    expect(config.allowPrivateUrls).toBe(false);
    expect(config.host).toBe('0.0.0.0');
  });

  it('reads previous secret keys for rotation', () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const config = loadConfig('store', { WABUS_PREVIOUS_SECRET_KEYS: `${a.toString('hex')}, ${b.toString('base64')}` });
    expect(config.previousSecretKeys.map((key) => key.toString('hex'))).toEqual([a.toString('hex'), b.toString('hex')]);
  });
});
