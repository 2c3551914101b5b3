import { spawn } from 'node:child_process';
import { builtinModules } from 'node:module';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { SERVICE_PORTS } from '@wabus/config';
import { copies, dockerignoreMatcher, execForm, parseDockerfile, runCommands, Stage } from './dockerfile-parser';
import { appProjects, exists, healthRoutes, read, ROOT, serviceApps } from './repo-facts';

const dockerfile = parseDockerfile(read('Dockerfile'));
const stage = (name: string): Stage => {
  const found = dockerfile.stages.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`the Dockerfile has no stage "${name}"`);
  return found;
};
const runtime = dockerfile.stages[dockerfile.stages.length - 1];
const instructionsOf = (target: Stage, keyword: string) => target.instructions.filter((instruction) => instruction.keyword === keyword);
const packageJson = JSON.parse(read('package.json')) as { scripts: Record<string, string>; dependencies: Record<string, string>; engines: { node: string } };

describe('the Dockerfile builds the apps the way CI does', () => {
  it('bases every stage on node:20-bookworm-slim, the Node major the code runs on', () => {
    expect(dockerfile.stages.map((candidate) => candidate.image)).toEqual(dockerfile.stages.map(() => 'node:20-bookworm-slim'));
    expect(packageJson.engines.node).toMatch(/^>=20\./);
  });

  it('installs with the exact command CI runs, then runs package.json\'s build script', () => {
    const commands = runCommands(stage('build'));
    expect(commands).toEqual(['npm ci --no-audit --no-fund', 'npm run build']);
    expect(read('.ci/run')).toContain('npm ci --no-audit --no-fund');
  });

  it('builds every Nx project with a build target, as the build gate of `npm test` does', () => {
    const script = packageJson.scripts.build;
    expect(script).toMatch(/^nx run-many -t build( |$)/);
    expect(script).not.toMatch(/--(projects|exclude)\b/);
    expect(read('scripts/test.mjs')).toMatch(/gate\('build', 'npx', \['nx', 'run-many', '-t', 'build'/);
  });

  it('finds every app\'s entry point built (CI builds before Jest runs)', () => {
    const missing = appProjects()
      .flatMap((project) => project.entries)
      .filter((entry) => !exists(entry));
    expect(missing).toEqual([]);
  });

  it('copies into the build only what exists, and .dockerignore keeps every build input', () => {
    const ignored = dockerignoreMatcher(read('.dockerignore'));
    for (const copy of copies(stage('build')).filter((candidate) => !candidate.from)) {
      for (const source of copy.sources) {
        if (source === '.') continue;
        expect({ source, exists: exists(source), ignored: ignored(source) }).toEqual({ source, exists: true, ignored: false });
      }
    }
    const inputs = ['package.json', 'package-lock.json', 'nx.json', 'tsconfig.base.json', 'tools/webpack/app-webpack-config.js', 'libs/config/src/index.ts'];
    for (const project of appProjects()) inputs.push(...project.inputs);
    expect(inputs.filter(ignored)).toEqual([]);
    for (const kept of ['node_modules', 'libs/config/node_modules/x', 'dist/apps/gateway/main.js', '.git/HEAD', '.env', '.nx/cache', 'tmp/jest-results.json']) {
      expect({ path: kept, ignored: ignored(kept) }).toEqual({ path: kept, ignored: true });
    }
  });
});

describe('the runtime image', () => {
  it('installs production dependencies only, without install scripts', () => {
    expect(runCommands(stage('prod-deps'))).toEqual(['npm ci --omit=dev --ignore-scripts --no-audit --no-fund']);
  });

  it('holds everything each bundle requires at run time: Node built-ins and package.json dependencies', () => {
    const builtins = new Set(builtinModules);
    for (const project of appProjects()) {
      for (const entry of project.entries.filter(exists)) {
        const required = [...read(entry).matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]);
        const missing = required.filter((id) => {
          const bare = id.replace(/^node:/, '');
          if (builtins.has(bare) || builtins.has(bare.split('/')[0])) return false;
          const name = id.startsWith('@') ? id.split('/').slice(0, 2).join('/') : id.split('/')[0];
          return !(name in packageJson.dependencies);
        });
        expect({ entry, missing }).toEqual({ entry, missing: [] });
      }
    }
  });

  it('copies the built apps and production node_modules, and no source', () => {
    const runtimeCopies = copies(runtime);
    expect(runtimeCopies).toEqual(
      expect.arrayContaining([
        { from: 'prod-deps', sources: ['/app/node_modules'], destination: './node_modules' },
        { from: 'build', sources: ['/app/dist/apps'], destination: './dist/apps' },
      ]),
    );
    const fromContext = runtimeCopies.filter((copy) => !copy.from).flatMap((copy) => copy.sources);
    expect(fromContext.sort()).toEqual(['docker/healthcheck.js', 'package.json']);
    for (const project of appProjects()) for (const output of project.buildOutputs) expect(output.startsWith('dist/apps/')).toBe(true);
  });

  it('runs as the unprivileged node user (uid 1000, the runAsUser of the Kubernetes manifests)', () => {
    const users = instructionsOf(runtime, 'USER').map((instruction) => instruction.args);
    expect(users[users.length - 1]).toBe('node');
  });

  it('starts an app with `node dist/apps/<app>/main.js` under tini, the command choosing the app', () => {
    const entrypoint = instructionsOf(runtime, 'ENTRYPOINT').map((instruction) => execForm(instruction.args));
    expect(entrypoint).toEqual([['/usr/bin/tini', '--']]);
    const [command] = instructionsOf(runtime, 'CMD').map((instruction) => execForm(instruction.args));
    expect(command[0]).toBe('node');
    expect(appProjects().flatMap((project) => project.entries)).toContain(command[1]);
    const install = runCommands(runtime).find((candidate) => candidate.startsWith('apt-get install'));
    expect(install).toMatch(/\btini\b/);
  });

  it('exposes the contract ports of every service', () => {
    const exposed = instructionsOf(runtime, 'EXPOSE').flatMap((instruction) => instruction.args.split(' ').map(Number));
    expect(exposed.sort()).toEqual(Object.values(SERVICE_PORTS).sort());
  });

  it('has a HEALTHCHECK that runs node against /healthz (slim images have no curl)', () => {
    const [healthcheck] = instructionsOf(runtime, 'HEALTHCHECK');
    expect(execForm(healthcheck.args)).toEqual(['node', 'docker/healthcheck.js']);
    expect(read('docker/healthcheck.js')).toContain(`${healthRoutes().healthz}\``);
  });
});

describe('docker/healthcheck.js', () => {
  it('knows the default port of every service (libs/config SERVICE_PORTS)', () => {
    const table = /const DEFAULT_PORTS = \{([^}]+)\}/.exec(read('docker/healthcheck.js'))?.[1] ?? '';
    const ports = Object.fromEntries([...table.matchAll(/'?([\w-]+)'?:\s*(\d+)/g)].map((match) => [match[1], Number(match[2])]));
    expect(ports).toEqual({ ...SERVICE_PORTS });
    expect(Object.keys(ports).sort()).toEqual(serviceApps());
  });

  let server: Server;
  let status = 200;
  let port = 0;
  beforeAll(async () => {
    server = createServer((request, response) => {
      response.statusCode = request.url === '/healthz' ? status : 404;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const runHealthcheck = (env: Record<string, string>) =>
    new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'docker/healthcheck.js')], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'ignore' });
      child.on('exit', resolve);
    });

  it('reports healthy when /healthz answers 200 on PORT', async () => {
    status = 200;
    await expect(runHealthcheck({ PORT: String(port) })).resolves.toBe(0);
  });

  it('reports a built service healthy on its PORT, and the service stops cleanly on SIGTERM (the emulator: no Redis or PostgreSQL needed)', async () => {
    const free = createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const servicePort = String((free.address() as AddressInfo).port);
    await new Promise((resolve) => free.close(resolve));
    const service = spawn(process.execPath, [path.join(ROOT, 'dist/apps/cloud-api-emulator/main.js')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', WABUS_SECRET_KEY: 'ab'.repeat(32), HOST: '127.0.0.1', PORT: servicePort, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => service.on('exit', resolve));
    try {
      // Wait for the port to answer, then ask the way Docker does.
      for (let attempt = 0; attempt < 100; attempt += 1) {
        const answered = await fetch(`http://127.0.0.1:${servicePort}/healthz`).then(
          (response) => response.ok,
          () => false,
        );
        if (answered) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const healthy = await runHealthcheck({ PORT: servicePort });
      expect(healthy).toBe(0);
    } finally {
      service.kill('SIGTERM');
    }
    await expect(exited).resolves.toBe(0);
  }, 20_000);

  it('reports unhealthy when /healthz answers 503, or nothing listens', async () => {
    status = 503;
    await expect(runHealthcheck({ PORT: String(port) })).resolves.toBe(1);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(runHealthcheck({ PORT: String(closedPort) })).resolves.toBe(1);
  });
});
