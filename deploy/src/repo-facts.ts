import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { JOB_QUEUE, JobName, QueueName } from '@wabus/queues';

/**
 * What the code says, read from the repository itself: the deployment files
 * are checked against these facts, never against a copy of them.
 */
export const ROOT = path.resolve(__dirname, '../..');

export function read(relative: string): string {
  return readFileSync(path.join(ROOT, relative), 'utf8');
}

export function exists(relative: string): boolean {
  return existsSync(path.join(ROOT, relative));
}

/** Every .ts file under a folder, tests excluded: the code that ships. */
export function sourceFiles(relativeDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(ROOT, dir))) {
      const relative = `${dir}/${entry}`;
      if (statSync(path.join(ROOT, relative)).isDirectory()) {
        if (entry !== 'test' && entry !== 'node_modules') walk(relative);
      } else if (entry.endsWith('.ts') && !entry.endsWith('.spec.ts')) {
        found.push(relative);
      }
    }
  };
  if (exists(relativeDir)) walk(relativeDir);
  return found;
}

let shippedSourceCache: string | undefined;
/** All shipped source of apps/ and libs/ as one text, for "does the code mention X" checks. */
export function shippedSource(): string {
  shippedSourceCache ??= [...sourceFiles('apps'), ...sourceFiles('libs')].map(read).join('\n');
  return shippedSourceCache;
}

export interface AppProject {
  name: string;
  /** Folders the build target writes, relative to the workspace (from `outputs`). */
  buildOutputs: string[];
  /** What the build leaves to run or serve: `<output>/main.js` for a service (`node <entry>`), `<output>/index.html` for the web console. */
  entries: string[];
  /** Source files the build reads besides libs/ (the Docker build context must keep them). */
  inputs: string[];
}

interface ProjectJson {
  name: string;
  targets?: Record<string, { outputs?: string[] }>;
}

/** The Nx application projects under apps/ that have a build target: Node bundles (webpack) and the web console (Vite). */
export function appProjects(): AppProject[] {
  return readdirSync(path.join(ROOT, 'apps'))
    .filter((dir) => exists(`apps/${dir}/project.json`))
    .map((dir) => ({ dir, project: JSON.parse(read(`apps/${dir}/project.json`)) as ProjectJson }))
    .filter(({ project }) => project.targets?.build)
    .map(({ dir, project }) => {
      const buildOutputs = (project.targets?.build.outputs ?? []).map((output) => output.replace('{workspaceRoot}/', ''));
      const web = exists(`apps/${dir}/vite.config.mts`);
      const entry = web ? 'index.html' : 'main.js';
      const inputs = web
        ? [`apps/${dir}/project.json`, `apps/${dir}/vite.config.mts`, `apps/${dir}/src/index.html`, `apps/${dir}/src/main.tsx`]
        : [`apps/${dir}/project.json`, `apps/${dir}/webpack.config.js`, `apps/${dir}/src/main.ts`];
      return { name: project.name, buildOutputs, entries: buildOutputs.map((output) => `${output}/${entry}`), inputs };
    });
}

export function appProject(name: string): AppProject | undefined {
  return appProjects().find((project) => project.name === name);
}

/** The apps that run as services: their main.ts starts the service shell (probes, metrics, shutdown). */
export function serviceApps(): string[] {
  return readdirSync(path.join(ROOT, 'apps'))
    .filter((dir) => exists(`apps/${dir}/src/main.ts`) && read(`apps/${dir}/src/main.ts`).includes('startService('))
    .sort();
}

/** Which of Redis and PostgreSQL a service needs, from its ServiceDefinition. */
export function serviceNeeds(app: string): { redis: boolean; database: boolean } {
  const definition = sourceFiles(`apps/${app}/src`)
    .map(read)
    .find((text) => new RegExp(`name:\\s*'${app}'`).test(text) && /startService|ServiceDefinition/.test(text));
  if (!definition) throw new Error(`no ServiceDefinition with name '${app}' in apps/${app}/src`);
  const flag = (name: string) => new RegExp(`\\b${name}:\\s*true`).test(definition);
  return { redis: flag('redis') || flag('queues') || flag('notifications'), database: flag('database') };
}

/** The queues an app runs workers for (`workers.start(QueueName.X, …)`). */
export function consumedQueues(app: string): QueueName[] {
  const queues = new Set<QueueName>();
  for (const file of sourceFiles(`apps/${app}/src`)) {
    for (const match of read(file).matchAll(/workers\.start\(\s*QueueName\.(\w+)/g)) {
      const queue = QueueName[match[1] as keyof typeof QueueName];
      if (!queue) throw new Error(`${file}: QueueName.${match[1]} does not exist`);
      queues.add(queue);
    }
  }
  return [...queues].sort();
}

/** Queues whose producers give jobs a priority: BullMQ keeps those in `<queue>:prioritized`, not `<queue>:wait`. */
export function prioritizedQueues(): QueueName[] {
  const queues = new Set<QueueName>();
  for (const match of shippedSource().matchAll(/enqueue(?:Bulk)?\(\s*JobName\.(\w+)[^;]*?\bpriority\b[^;]*;/g)) {
    queues.add(JOB_QUEUE[JobName[match[1] as keyof typeof JobName]]);
  }
  return [...queues].sort();
}

/** The probe and metrics routes every service serves (libs/service HealthController, mounted by ServiceCoreModule). */
export function healthRoutes(): { healthz: string; readyz: string; metrics: string } {
  const controller = read('libs/service/src/health.controller.ts');
  const core = read('libs/service/src/service-core.module.ts');
  if (!/controllers:\s*\[[^\]]*HealthController/.test(core)) throw new Error('ServiceCoreModule no longer mounts HealthController');
  const routes = [...controller.matchAll(/@Get\('([^']+)'\)/g)].map((match) => `/${match[1]}`);
  const find = (name: string) => {
    const route = routes.find((candidate) => candidate === `/${name}`);
    if (!route) throw new Error(`HealthController serves no /${name} (has ${routes.join(', ')})`);
    return route;
  };
  return { healthz: find('healthz'), readyz: find('readyz'), metrics: find('metrics') };
}

/** First path segments of the gateway's public routes: controllers, raw Fastify routes, the OpenAPI UI. */
export function gatewayRouteRoots(): string[] {
  const roots = new Set<string>();
  const firstSegment = (route: string) => `/${route.replace(/^\/+/, '').split('/')[0]}`;
  for (const file of sourceFiles('apps/gateway/src')) {
    const text = read(file);
    for (const match of text.matchAll(/@Controller\('([^']+)'\)/g)) roots.add(firstSegment(match[1]));
    // Routes named inline ('/v1/…') or by a constant of the same file (`const X = '/…'`); raw routes are `.add('POST', …)`.
    const constants = new Map([...text.matchAll(/\bconst ([A-Z_]+) = '(\/[^']*)'/g)].map((match) => [match[1], match[2]]));
    for (const match of text.matchAll(/\.(?:(?:get|post|put|patch|delete)\(|add\('[A-Z]+',\s?)(?:'(\/[^']*)'|([A-Z_]+)\b)/g)) {
      const route = match[1] ?? constants.get(match[2]);
      if (route !== undefined) roots.add(firstSegment(route));
    }
    for (const match of text.matchAll(/SwaggerModule\.setup\('([^']+)'/g)) roots.add(firstSegment(match[1]));
  }
  return [...roots].sort();
}

/** A numeric constant such as `const X = 4 * 1024 * 1024;` in a source file, evaluated. */
export function numericConstant(relativeFile: string, name: string): number {
  const match = new RegExp(`\\b${name}\\s*=\\s*([0-9_\\s*]+);`).exec(read(relativeFile));
  if (!match) throw new Error(`${relativeFile} has no numeric constant ${name}`);
  return match[1]
    .split('*')
    .map((factor) => Number(factor.trim().replace(/_/g, '')))
    .reduce((product, factor) => product * factor, 1);
}

/** Metric names the services register (`name: 'wabus_…'`), plus prom-client's default metrics under the wabus_ prefix. */
export function metricNames(): Set<string> {
  const names = new Set([...shippedSource().matchAll(/name:\s*'(wabus_[a-z0-9_]+)'/g)].map((match) => match[1]));
  if (/collectDefaultMetrics\(\{[^}]*prefix:\s*'wabus_'/.test(read('libs/service/src/metrics.ts'))) {
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      names.add(`wabus_${name}`);
    }
  }
  return names;
}
