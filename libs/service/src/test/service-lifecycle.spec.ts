import { Controller, Get, Module } from '@nestjs/common';
import { startTcpProxy, TcpProxy, testConfig, waitFor } from '@wabus/testing';
import { createServiceApp, ServiceApp } from '../start-service';
import { StartupError } from '../startup-error';

@Controller('hello')
class HelloController {
  @Get()
  hello() {
    return { hello: 'world' };
  }
}

@Module({ controllers: [HelloController] })
class HelloModule {}

const definition = { name: 'store' as const, module: HelloModule, redis: true, database: true };

function withPort(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.port = String(port);
  return parsed.toString();
}

describe('a wabus service shell', () => {
  let redisProxy: TcpProxy;
  let postgresProxy: TcpProxy;
  let service: ServiceApp;
  let base: string;

  beforeAll(async () => {
    const config = testConfig('store');
    redisProxy = await startTcpProxy(Number(new URL(config.redisUrl).port || 6379));
    postgresProxy = await startTcpProxy(Number(new URL(config.databaseUrl).port || 5432));
    service = await createServiceApp(definition, {
      ...config,
      redisUrl: withPort(config.redisUrl, redisProxy.port),
      databaseUrl: withPort(config.databaseUrl, postgresProxy.port),
    });
    await service.app.listen({ port: 0, host: '127.0.0.1' });
    base = await service.app.getUrl();
  });

  afterAll(async () => {
    await service?.app.close();
    await redisProxy?.close();
    await postgresProxy?.close();
  });

  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`);
    return { status: response.status, text: await response.text() };
  };

  it('answers /healthz, /readyz with each dependency, and Prometheus /metrics', async () => {
    expect(await get('/healthz')).toEqual({ status: 200, text: '{"status":"ok"}' });
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toMatchObject({ status: 'ready', checks: { redis: { ok: true }, postgres: { ok: true } } });
    await get('/hello');
    const metrics = await get('/metrics');
    expect(metrics.text).toMatch(/^# HELP wabus_process_cpu_user_seconds_total/m);
    const helloCount = metrics.text.split('\n').find((line) => line.startsWith('wabus_http_request_duration_seconds_count') && line.includes('route="/hello"'));
    expect(helloCount).toMatch(/method="GET".*status="200".* 1$/);
  });

  it('turns unready when Redis is lost and ready again when it returns', async () => {
    redisProxy.cut();
    const down = await waitFor(async () => {
      const response = await get('/readyz');
      return response.status === 503 ? JSON.parse(response.text) : undefined;
    }, 10_000, 'readyz 503 without Redis');
    expect(down.checks.redis.ok).toBe(false);
    expect(down.checks.postgres.ok).toBe(true);
    expect((await get('/healthz')).status).toBe(200);
    redisProxy.restore();
    await waitFor(async () => (await get('/readyz')).status === 200, 15_000, 'readyz 200 after Redis returns');
  });

  it('turns unready when PostgreSQL is lost and ready again when it returns', async () => {
    postgresProxy.cut();
    const down = await waitFor(async () => {
      const response = await get('/readyz');
      return response.status === 503 ? JSON.parse(response.text) : undefined;
    }, 10_000, 'readyz 503 without PostgreSQL');
    expect(down.checks.postgres.ok).toBe(false);
    postgresProxy.restore();
    await waitFor(async () => (await get('/readyz')).status === 200, 15_000, 'readyz 200 after PostgreSQL returns');
  });
});

describe('a wabus service that cannot reach its dependencies', () => {
  it('refuses to start with a sentence naming Redis and REDIS_URL', async () => {
    const config = testConfig('store', { redisUrl: 'redis://127.0.0.1:1' });
    const error = await createServiceApp(definition, config).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(/^cannot reach Redis at redis:\/\/127\.0\.0\.1:1.*check REDIS_URL/);
  });

  it('refuses to start with a sentence naming PostgreSQL and DATABASE_URL', async () => {
    const config = testConfig('store');
    const error = await createServiceApp(definition, { ...config, databaseUrl: withPort(config.databaseUrl, 1) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(/^cannot use PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/.*check DATABASE_URL/);
  });
});
