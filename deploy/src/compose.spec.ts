import { ENVIRONMENT_VARIABLES, SERVICE_PORTS } from '@wabus/config';
import { composeFile, ComposeService, durationSeconds, parseEnvFile, rawComposeFile, referencedVariables } from './compose-file';
import { parseDockerfile } from './dockerfile-parser';
import { appProject, exists, read, serviceApps, serviceNeeds } from './repo-facts';
import { configFor, DEFAULT_SHUTDOWN_MS, isServiceName, longestJob, placeholderValue, requiredInProduction } from './service-expectations';

const KNOWN_VARIABLES = new Set<string>(ENVIRONMENT_VARIABLES);
const envExample = parseEnvFile(read('.env.example'));
// What an operator writes into .env: the example, with the secrets it leaves empty filled in.
const operatorEnv: Record<string, string> = {
  ...envExample,
  WABUS_SECRET_KEY: placeholderValue('WABUS_SECRET_KEY'),
  POSTGRES_PASSWORD: placeholderValue('POSTGRES_PASSWORD'),
};
const compose = composeFile(operatorEnv);
const services = compose.services;
const wabusServices = Object.entries(services).filter(([, service]) => service.command?.[0] === 'node');
const appOf = (service: ComposeService) => /^dist\/apps\/([^/]+)\/main\.js$/.exec(service.command?.[1] ?? '')?.[1] ?? '';

describe('docker-compose.yml runs every service of the code', () => {
  it('has one service per app, named after it, running its built entry point', () => {
    for (const app of serviceApps()) {
      const service = services[app];
      expect({ app, command: service?.command }).toEqual({ app, command: ['node', `dist/apps/${app}/main.js`] });
      expect(appProject(app)?.entries).toContain(service.command?.[1]);
    }
  });

  it('points every command at an entry point some Nx project builds', () => {
    for (const [name, service] of wabusServices) {
      const project = appProject(appOf(service));
      expect({ name, builds: project?.entries.includes(service.command?.[1] ?? '') ?? false }).toEqual({ name, builds: true });
    }
  });

  it('builds one image from the Dockerfile\'s runtime stage and runs it for every service', () => {
    const stages = parseDockerfile(read('Dockerfile')).stages;
    const images = new Set(wabusServices.map(([, service]) => service.image));
    expect(images.size).toBe(1);
    for (const [, service] of wabusServices) {
      expect(service.build).toEqual({ context: '.', target: stages[stages.length - 1].name });
    }
  });

  it('gives each service its contract port and only variables libs/config reads', () => {
    for (const [name, service] of wabusServices) {
      const unknown = Object.keys(service.environment ?? {}).filter((variable) => !KNOWN_VARIABLES.has(variable));
      expect({ name, unknown }).toEqual({ name, unknown: [] });
      const app = appOf(service);
      if (app in SERVICE_PORTS) expect({ name, port: service.environment?.PORT }).toEqual({ name, port: String(SERVICE_PORTS[app as keyof typeof SERVICE_PORTS]) });
    }
  });

  it('passes each service\'s own configuration check, listening on all interfaces at its port', () => {
    for (const [name, service] of wabusServices) {
      const app = appOf(service);
      const config = configFor(app, service.environment ?? {});
      if (app in SERVICE_PORTS) {
        expect({ name, host: config.host, port: config.port }).toEqual({ name, host: '0.0.0.0', port: SERVICE_PORTS[app as keyof typeof SERVICE_PORTS] });
      }
    }
  });

  it('sets every variable production requires, and points Redis and PostgreSQL at their compose services', () => {
    const postgres = services.postgres.environment ?? {};
    for (const app of serviceApps()) {
      const environment = services[app].environment ?? {};
      const needs = serviceNeeds(app);
      if (isServiceName(app) && environment.NODE_ENV === 'production') {
        for (const variable of requiredInProduction(app)) expect({ app, variable, set: Boolean(environment[variable]) }).toEqual({ app, variable, set: true });
      }
      if (needs.redis) {
        const redis = new URL(environment.REDIS_URL ?? '');
        expect({ app, host: redis.hostname, port: redis.port || '6379' }).toEqual({ app, host: 'redis', port: '6379' });
      }
      if (needs.database) {
        const database = new URL(environment.DATABASE_URL ?? '');
        expect({ app, host: database.hostname, user: database.username, password: database.password, name: database.pathname.slice(1) }).toEqual({
          app,
          host: 'postgres',
          user: postgres.POSTGRES_USER,
          password: postgres.POSTGRES_PASSWORD,
          name: postgres.POSTGRES_DB,
        });
      }
    }
  });

  it('starts a service that needs Redis or PostgreSQL only once they are healthy and the migration has run', () => {
    for (const app of serviceApps()) {
      const needs = serviceNeeds(app);
      const dependsOn = services[app].depends_on ?? {};
      if (needs.redis) expect({ app, redis: dependsOn.redis?.condition }).toEqual({ app, redis: 'service_healthy' });
      if (needs.database) {
        expect({ app, postgres: dependsOn.postgres?.condition, migrate: dependsOn.migrate?.condition }).toEqual({
          app,
          postgres: 'service_healthy',
          migrate: 'service_completed_successfully',
        });
      }
    }
  });

  it('migrates once with the migrate entry point before the services start', () => {
    const migrate = services.migrate;
    expect(migrate.command).toEqual(['node', 'dist/apps/migrate/main.js']);
    expect(migrate.restart).toBe('no');
    expect(() => configFor('migrate', migrate.environment ?? {})).not.toThrow();
  });

  (exists('apps/migrate/project.json') ? it : it.todo)('finds the migrate entry point built by an Nx project', () => {
    expect(appProject('migrate')?.entries).toContain('dist/apps/migrate/main.js');
  });

  it('gives a stopping service more time than its own shutdown budget, which covers its longest job', () => {
    for (const app of serviceApps()) {
      const service = services[app];
      const shutdownMs = Number(service.environment?.WABUS_SHUTDOWN_TIMEOUT_MS ?? DEFAULT_SHUTDOWN_MS);
      const job = longestJob(app);
      expect({ app, shutdownCoversLongestJob: shutdownMs >= job.ms, why: job.why }).toEqual({ app, shutdownCoversLongestJob: true, why: job.why });
      const graceSeconds = durationSeconds(service.stop_grace_period ?? '10s');
      expect({ app, graceLongerThanShutdown: graceSeconds > shutdownMs / 1000 }).toEqual({ app, graceLongerThanShutdown: true });
    }
  });
});

describe('the emulator is for local trials only', () => {
  it('sits behind the `emulator` profile, needs neither Redis nor PostgreSQL, and nothing depends on it', () => {
    const emulator = services['cloud-api-emulator'];
    expect(emulator.profiles).toEqual(['emulator']);
    expect(serviceNeeds('cloud-api-emulator')).toEqual({ redis: false, database: false });
    expect(emulator.depends_on).toBeUndefined();
    for (const [name, service] of Object.entries(services)) {
      expect({ name, dependsOnEmulator: Object.keys(service.depends_on ?? {}).includes('cloud-api-emulator') }).toEqual({ name, dependsOnEmulator: false });
    }
  });

  it('delivers its webhooks to the gateway service, and the services send to it by its service name', () => {
    const emulatorPublicUrl = new URL(services['cloud-api-emulator'].environment?.WABUS_PUBLIC_URL ?? '');
    expect(`${emulatorPublicUrl.hostname}:${emulatorPublicUrl.port}`).toBe(`gateway:${SERVICE_PORTS.gateway}`);
    const emulatorUrl = new URL(services.gateway.environment?.WABUS_EMULATOR_URL ?? '');
    expect(`${emulatorUrl.hostname}:${emulatorUrl.port}`).toBe(`cloud-api-emulator:${SERVICE_PORTS['cloud-api-emulator']}`);
  });
});

describe('Redis and PostgreSQL in compose keep what they accepted', () => {
  const option = (command: string[], name: string) => command[command.indexOf(`--${name}`) + 1];

  it('runs Redis with appendonly yes, fsync every second at least, and maxmemory-policy noeviction, on a volume', () => {
    const command = services.redis.command ?? [];
    expect(option(command, 'appendonly')).toBe('yes');
    expect(['everysec', 'always']).toContain(option(command, 'appendfsync'));
    expect(option(command, 'maxmemory-policy')).toBe('noeviction');
    expect(services.redis.volumes?.some((volume) => volume.endsWith(':/data'))).toBe(true);
  });

  it('keeps PostgreSQL\'s data on a named volume', () => {
    expect(services.postgres.volumes).toContain('postgres-data:/var/lib/postgresql/data');
    expect(Object.keys(compose.volumes ?? {})).toEqual(expect.arrayContaining(['postgres-data', 'redis-data']));
  });
});

describe('.env.example documents every variable docker-compose.yml reads', () => {
  const composeText = read('docker-compose.yml');
  const used = referencedVariables(composeText);

  it('lists every variable the compose file interpolates, and nothing it does not', () => {
    expect(Object.keys(envExample).sort()).toEqual(used);
  });

  it('passes every variable of libs/config it sets on to the services', () => {
    const passedOn = new Set(
      Object.values(rawComposeFile().services)
        .filter((service) => service.command?.[0] === 'node')
        .flatMap((service) => Object.values(service.environment ?? {}).flatMap((value) => referencedVariables(String(value)))),
    );
    const notPassedOn = Object.keys(envExample).filter((variable) => KNOWN_VARIABLES.has(variable) && !passedOn.has(variable));
    expect(notPassedOn).toEqual([]);
  });

  it('leaves empty exactly the secrets compose refuses to start without, and says how to make them', () => {
    const required = [...composeText.matchAll(/\$\{(\w+):\?/g)].map((match) => match[1]);
    const empty = Object.entries(envExample)
      .filter(([, value]) => value === '')
      .map(([name]) => name);
    for (const name of required) expect(empty).toContain(name);
    expect(() => composeFile(envExample)).toThrow(/required variable (WABUS_SECRET_KEY|POSTGRES_PASSWORD)/);
    expect(read('.env.example')).toContain('openssl rand -hex 32');
  });
});

describe('README documents `docker compose up` for a host without Node', () => {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('## Running with Docker'));

  it('has a "Running with Docker" section at the end that uses .env.example and docker compose up', () => {
    expect(readme).toContain('## Running with Docker');
    expect(section.slice(3)).not.toMatch(/^## /m);
    expect(section).toContain('cp .env.example .env');
    expect(section).toContain('docker compose up -d');
    expect(section).toContain('--profile emulator');
  });
});
