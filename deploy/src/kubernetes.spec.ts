import { QueueKeys } from 'bullmq';
import type { IContainer, IProbe } from 'kubernetes-models/v1';
import { ENVIRONMENT_VARIABLES, loadConfig, SERVICE_PORTS } from '@wabus/config';
import { QueueName } from '@wabus/queues';
import { K8sObject, loadYamlObjects, renderKustomization, yamlFilesUnder } from './kustomize-render';
import { schemaProblems } from './k8s-schema';
import { quantity, RenderedOverlay, selects, WabusContainer } from './k8s-workloads';
import {
  appProject,
  consumedQueues,
  exists,
  gatewayRouteRoots,
  healthRoutes,
  numericConstant,
  prioritizedQueues,
  serviceApps,
  serviceNeeds,
} from './repo-facts';
import { configFor, DEFAULT_SHUTDOWN_MS, isServiceName, longestJob, requiredInProduction } from './service-expectations';

const OVERLAYS = ['k8s/overlays/dev', 'k8s/overlays/prod'] as const;
const overlays = OVERLAYS.map((dir) => new RenderedOverlay(dir, renderKustomization(dir)));
const migrations = OVERLAYS.map((dir) => new RenderedOverlay(`${dir}/migrate`, renderKustomization(`${dir}/migrate`)));
const everything = [...overlays, ...migrations];
const routes = healthRoutes();
const KNOWN_VARIABLES = new Set<string>(ENVIRONMENT_VARIABLES);
const EMULATOR = 'cloud-api-emulator';
// The workers KEDA scales on queue depth, as the design asks; the gateway scales on CPU.
const KEDA_SCALED = ['sender', 'store', 'action-engine'];
// Retention runs one job at a time by design (concurrency 1): more replicas would not drain it faster.
const NOT_SCALED_ON: string[] = [QueueName.StoreMaintenance];

const servicesIn = (overlay: RenderedOverlay) => overlay.wabusContainers().filter((entry) => isServiceName(entry.app));
const label = (overlay: RenderedOverlay, entry: WabusContainer) => `${overlay.dir}: ${entry.workload.kind} ${entry.workload.metadata.name}`;
const portNumber = (container: IContainer, port: string | number | undefined) =>
  typeof port === 'number' ? port : container.ports?.find((candidate) => candidate.name === port)?.containerPort;
// The prefix the services use: the ConfigMap's, or loadConfig's default when it sets none.
const queuePrefixOf = (overlay: RenderedOverlay) => loadConfig('gateway', { WABUS_QUEUE_PREFIX: overlay.configMap('wabus-config')?.WABUS_QUEUE_PREFIX }).queuePrefix;

describe('every manifest parses and matches its schema', () => {
  it('parses every YAML file under k8s/ and validates each full manifest against the Kubernetes, KEDA and Prometheus Operator schemas', () => {
    const manifests = yamlFilesUnder('k8s').filter((file) => !file.endsWith('/kustomization.yaml') && !file.includes('/patches/'));
    const objects = manifests.flatMap((file) => loadYamlObjects(file).map((object) => ({ object, file })));
    expect(objects.length).toBeGreaterThan(20);
    expect(schemaProblems(objects)).toEqual([]);
  });

  it('renders each overlay (resources, patches, namespace, images) into objects that still match their schemas', () => {
    expect(schemaProblems(everything.flatMap((overlay) => overlay.rendering.objects))).toEqual([]);
  });

  it('uses every manifest and patch under k8s/ in some overlay, so none is dead or forgotten', () => {
    const used = new Set(everything.flatMap((overlay) => overlay.rendering.filesRead));
    expect(yamlFilesUnder('k8s').filter((file) => !used.has(file))).toEqual([]);
  });

  it('puts everything of an overlay in its namespace, which the dev overlay creates', () => {
    for (const overlay of everything) {
      const namespaces = new Set(overlay.objects.filter((object) => object.kind !== 'Namespace').map((object) => object.metadata.namespace));
      expect({ overlay: overlay.dir, namespaces: [...namespaces] }).toEqual({ overlay: overlay.dir, namespaces: [overlay.dir.includes('/dev') ? 'wabus-dev' : 'wabus'] });
    }
    expect(overlays[0].ofKind('Namespace').map((object) => object.metadata.name)).toEqual(['wabus-dev']);
  });
});

describe('a Deployment per service, running what the code builds', () => {
  it('runs every service app in each overlay, the emulator only in dev', () => {
    const [dev, prod] = overlays;
    const deployed = (overlay: RenderedOverlay) => [...new Set(servicesIn(overlay).filter((entry) => entry.workload.kind === 'Deployment').map((entry) => entry.app))].sort();
    expect(deployed(dev)).toEqual(serviceApps());
    expect(deployed(prod)).toEqual(serviceApps().filter((app) => app !== EMULATOR));
  });

  it('starts each container with `node <entry>` where the entry is its app\'s build output', () => {
    for (const overlay of everything) {
      for (const entry of overlay.wabusContainers()) {
        expect({ where: label(overlay, entry), entries: appProject(entry.app)?.entries ?? [] }).toEqual({
          where: label(overlay, entry),
          entries: expect.arrayContaining([`dist/apps/${entry.app}/main.js`]) as string[],
        });
        // `args`, not `command`: the image's ENTRYPOINT (tini) stays PID 1.
        expect(entry.container.command).toBeUndefined();
      }
    }
  });

  it('runs one image for every wabus container of an overlay, set by the overlay, pinned in prod', () => {
    for (const overlay of everything) {
      const images = new Set(overlay.wabusContainers().map((entry) => entry.container.image));
      expect({ overlay: overlay.dir, count: images.size }).toEqual({ overlay: overlay.dir, count: 1 });
      const [image] = [...images];
      expect(image).toMatch(/^[^:]+:[\w.-]+$/);
      if (overlay.dir.includes('/prod')) expect(image).not.toMatch(/:latest$/);
    }
    OVERLAYS.forEach((_, index) => {
      expect(migrations[index].wabusContainers()[0].container.image).toBe(overlays[index].wabusContainers()[0].container.image);
    });
  });

  it('names only variables libs/config reads, directly or through the ConfigMap', () => {
    for (const overlay of everything) {
      for (const entry of overlay.wabusContainers()) {
        const names = [...(entry.container.env ?? []).map((variable) => variable.name), ...Object.keys(overlay.environmentOf(entry.container))];
        expect({ where: label(overlay, entry), unknown: names.filter((name) => !KNOWN_VARIABLES.has(name)) }).toEqual({ where: label(overlay, entry), unknown: [] });
      }
    }
  });

  it('passes each service\'s own configuration check with the environment it would get', () => {
    for (const overlay of everything) {
      for (const entry of overlay.wabusContainers()) {
        const where = label(overlay, entry);
        let problem = '';
        try {
          configFor(entry.app, overlay.environmentOf(entry.container));
        } catch (error) {
          problem = (error as Error).message;
        }
        expect({ where, problem }).toEqual({ where, problem: '' });
      }
    }
  });

  it('sets, from a non-optional source, every variable production requires and the Redis and PostgreSQL URLs the service needs', () => {
    for (const overlay of everything) {
      for (const entry of servicesIn(overlay)) {
        if (!isServiceName(entry.app)) continue;
        const needs = serviceNeeds(entry.app);
        const required = [...requiredInProduction(entry.app), ...(needs.redis ? ['REDIS_URL'] : []), ...(needs.database ? ['DATABASE_URL'] : [])];
        if (entry.app === EMULATOR) continue;
        const guaranteed = new Set([
          ...(entry.container.env ?? []).filter((variable) => variable.value !== undefined || variable.valueFrom?.secretKeyRef?.optional !== true).map((variable) => variable.name),
          ...Object.keys(overlay.environmentOf({ ...entry.container, env: [] })),
        ]);
        expect({ where: label(overlay, entry), missing: required.filter((name) => !guaranteed.has(name)) }).toEqual({ where: label(overlay, entry), missing: [] });
      }
    }
  });

  it('listens on all interfaces at the contract port, which the container port and PORT agree on', () => {
    for (const overlay of everything) {
      for (const entry of servicesIn(overlay)) {
        if (!isServiceName(entry.app)) continue;
        const config = loadConfig(entry.app, overlay.environmentOf(entry.container));
        const http = entry.container.ports?.find((port) => port.name === 'http')?.containerPort;
        expect({ where: label(overlay, entry), host: config.host, port: config.port, http }).toEqual({
          where: label(overlay, entry),
          host: '0.0.0.0',
          port: SERVICE_PORTS[entry.app],
          http: SERVICE_PORTS[entry.app],
        });
      }
    }
  });

  it('probes liveness and startup on /healthz and readiness on /readyz, at the service\'s port', () => {
    const probeAt = (entry: WabusContainer, probe: IProbe | undefined) => probe?.httpGet && { path: probe.httpGet.path, port: portNumber(entry.container, probe.httpGet.port) };
    for (const overlay of overlays) {
      for (const entry of servicesIn(overlay)) {
        if (!isServiceName(entry.app)) continue;
        const port = SERVICE_PORTS[entry.app];
        expect({ where: label(overlay, entry), liveness: probeAt(entry, entry.container.livenessProbe), readiness: probeAt(entry, entry.container.readinessProbe) }).toEqual({
          where: label(overlay, entry),
          liveness: { path: routes.healthz, port },
          readiness: { path: routes.readyz, port },
        });
        if (entry.container.startupProbe) expect(probeAt(entry, entry.container.startupProbe)).toEqual({ path: routes.healthz, port });
      }
    }
  });

  it('gives a start long enough to wait for another process\'s migration lock', () => {
    const lockWaitMs = numericConstant('libs/persistence/src/migration-runner.ts', 'DEFAULT_LOCK_TIMEOUT_MS');
    for (const overlay of overlays) {
      for (const entry of servicesIn(overlay)) {
        if (!serviceNeeds(entry.app).database) continue;
        const startup = entry.container.startupProbe;
        const budgetMs = (startup?.periodSeconds ?? 10) * (startup?.failureThreshold ?? 3) * 1000;
        expect({ where: label(overlay, entry), coversLockWait: budgetMs >= lockWaitMs }).toEqual({ where: label(overlay, entry), coversLockWait: true });
      }
    }
  });

  it('stops gracefully: preStop, then a shutdown budget covering the longest job, inside terminationGracePeriodSeconds', () => {
    for (const overlay of overlays) {
      for (const entry of servicesIn(overlay)) {
        const where = label(overlay, entry);
        const preStop = entry.container.lifecycle?.preStop?.exec?.command ?? [];
        expect({ where, preStop: preStop[0] }).toEqual({ where, preStop: 'sleep' });
        const preStopMs = Number(preStop[1]) * 1000;
        const shutdownMs = Number(overlay.environmentOf(entry.container).WABUS_SHUTDOWN_TIMEOUT_MS ?? DEFAULT_SHUTDOWN_MS);
        const graceMs = (entry.podSpec.terminationGracePeriodSeconds ?? 30) * 1000;
        const job = longestJob(entry.app);
        expect({ where, shutdownCoversLongestJob: shutdownMs >= job.ms, graceCoversPreStopAndShutdown: graceMs > preStopMs + shutdownMs, why: job.why }).toEqual({
          where,
          shutdownCoversLongestJob: true,
          graceCoversPreStopAndShutdown: true,
          why: job.why,
        });
      }
    }
  });

  it('asks for CPU and memory and caps memory on every container', () => {
    for (const overlay of everything) {
      for (const object of overlay.objects) {
        const spec = (object.spec as { template?: { spec?: { containers?: IContainer[] } } } | undefined)?.template?.spec;
        for (const container of spec?.containers ?? []) {
          const { requests = {}, limits = {} } = container.resources ?? {};
          const where = `${overlay.dir}: ${object.kind} ${object.metadata.name}/${container.name}`;
          expect({ where, cpu: quantity(requests.cpu) > 0, memory: quantity(requests.memory) > 0, cap: quantity(limits.memory) >= quantity(requests.memory) }).toEqual({
            where,
            cpu: true,
            memory: true,
            cap: true,
          });
        }
      }
    }
  });

  it('runs every wabus container as the image\'s node user, read-only, without privilege escalation', () => {
    for (const overlay of everything) {
      for (const entry of overlay.wabusContainers()) {
        const pod = entry.podSpec.securityContext;
        const own = entry.container.securityContext;
        expect({ where: label(overlay, entry), runAsNonRoot: pod?.runAsNonRoot, runAsUser: pod?.runAsUser, readOnly: own?.readOnlyRootFilesystem, escalation: own?.allowPrivilegeEscalation }).toEqual({
          where: label(overlay, entry),
          runAsNonRoot: true,
          runAsUser: 1000,
          readOnly: true,
          escalation: false,
        });
        expect(entry.podSpec.automountServiceAccountToken).toBe(false);
      }
    }
  });
});

describe('Services, disruption budgets and the Ingress', () => {
  it('gives each service Deployment a Service on its http port and a PodDisruptionBudget that still lets a node drain', () => {
    for (const overlay of overlays) {
      for (const entry of servicesIn(overlay).filter((candidate) => candidate.workload.kind === 'Deployment')) {
        const podLabels = (entry.workload.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
        const service = overlay.services().find((candidate) => selects(candidate.spec?.selector, podLabels));
        expect({ where: label(overlay, entry), targetPort: service?.spec?.ports?.[0]?.targetPort }).toEqual({ where: label(overlay, entry), targetPort: 'http' });
        const pdb = overlay.pdbs().find((candidate) => selects(candidate.spec?.selector?.matchLabels, podLabels));
        expect({ where: label(overlay, entry), maxUnavailable: pdb?.spec?.maxUnavailable }).toEqual({ where: label(overlay, entry), maxUnavailable: 1 });
      }
    }
  });

  it('routes the Ingress to the gateway Service, exposing exactly the gateway\'s public route roots and never its probes or metrics', () => {
    const publicRoots = gatewayRouteRoots();
    for (const overlay of overlays) {
      const [ingress] = overlay.ingresses();
      const gatewayService = overlay.services().find((service) => service.metadata.name === ingress.spec?.rules?.[0]?.http?.paths[0]?.backend.service?.name);
      expect(selects(gatewayService?.spec?.selector, overlay.deploymentOf('gateway')?.spec?.template.metadata?.labels as Record<string, string>)).toBe(true);
      const paths = (ingress.spec?.rules ?? []).flatMap((rule) => rule.http?.paths ?? []);
      for (const path of paths) {
        expect(path.backend.service?.name).toBe(gatewayService?.metadata.name);
        expect(gatewayService?.spec?.ports?.map((port) => port.name)).toContain(path.backend.service?.port?.name);
      }
      expect([...new Set(paths.map((path) => path.path))].sort()).toEqual(publicRoots);
      for (const internal of Object.values(routes)) expect(paths.some((path) => internal.startsWith(path.path ?? '/'))).toBe(false);
    }
  });

  it('lets the Ingress pass bodies as large as the gateway accepts (Meta sends up to 3 MB)', () => {
    const gatewayLimit = numericConstant('apps/gateway/src/gateway.service-definition.ts', 'GATEWAY_BODY_LIMIT_BYTES');
    for (const overlay of overlays) {
      const size = overlay.ingresses()[0].metadata?.annotations?.['nginx.ingress.kubernetes.io/proxy-body-size'] ?? '1m';
      const bytes = quantity(size.replace(/^(\d+)([kmg])$/i, (_, amount: string, unit: string) => `${amount}${{ k: 'Ki', m: 'Mi', g: 'Gi' }[unit.toLowerCase()]}`));
      expect(bytes).toBeGreaterThanOrEqual(gatewayLimit);
    }
  });

  it('in prod, tells the services the https address of the Ingress host (WABUS_PUBLIC_URL) and serves it with TLS', () => {
    const prod = overlays[1];
    const [ingress] = prod.ingresses();
    const publicUrl = new URL(prod.configMap('wabus-config')?.WABUS_PUBLIC_URL ?? '');
    expect(publicUrl.protocol).toBe('https:');
    expect(ingress.spec?.rules?.map((rule) => rule.host)).toEqual([publicUrl.hostname]);
    expect(ingress.spec?.tls?.flatMap((tls) => tls.hosts)).toContain(publicUrl.hostname);
  });
});

describe('autoscaling', () => {
  it('scales the gateway with a CPU HorizontalPodAutoscaler, and the gateway asks for CPU', () => {
    for (const overlay of overlays) {
      const gateway = overlay.deploymentOf('gateway');
      const hpa = overlay.hpas().find((candidate) => candidate.spec?.scaleTargetRef.name === gateway?.metadata.name);
      expect(hpa?.spec?.metrics?.map((metric) => metric.resource?.name)).toEqual(['cpu']);
      expect(quantity(gateway?.spec?.template.spec?.containers[0].resources?.requests?.cpu)).toBeGreaterThan(0);
    }
  });

  it('scales sender, store and action-engine with KEDA on the waiting jobs of the queues they consume', () => {
    for (const overlay of overlays) {
      const prefix = queuePrefixOf(overlay);
      for (const app of KEDA_SCALED) {
        const deployment = overlay.deploymentOf(app);
        const scaled = overlay.scaledObjects().find((candidate) => candidate.spec.scaleTargetRef.name === deployment?.metadata.name);
        const watched = (scaled?.spec.triggers ?? []).map((trigger) => ({ type: trigger.type, listName: trigger.metadata.listName }));
        const expected = consumedQueues(app)
          .filter((queue) => !NOT_SCALED_ON.includes(queue))
          .flatMap((queue) => {
            const keys = new QueueKeys(prefix).getKeys(queue);
            return prioritizedQueues().includes(queue) ? [keys.prioritized, keys.wait] : [keys.wait];
          });
        expect({ app, overlay: overlay.dir, watched: watched.map((trigger) => trigger.listName).sort() }).toEqual({ app, overlay: overlay.dir, watched: expected.sort() });
        expect(watched.every((trigger) => trigger.type === 'redis')).toBe(true);
      }
    }
  });

  it('watches only keys BullMQ really writes for queues of libs/queues', () => {
    const queueNames = Object.values(QueueName) as string[];
    for (const overlay of overlays) {
      const prefix = queuePrefixOf(overlay);
      for (const scaled of overlay.scaledObjects()) {
        for (const trigger of scaled.spec.triggers) {
          const listName = String(trigger.metadata.listName);
          const queue = queueNames.find((name) => [new QueueKeys(prefix).getKeys(name).wait, new QueueKeys(prefix).getKeys(name).prioritized].includes(listName));
          expect({ scaled: scaled.metadata?.name, listName, queue: queue !== undefined }).toEqual({ scaled: scaled.metadata?.name, listName, queue: true });
        }
      }
    }
  });

  it('lets no Deployment be owned by two autoscalers, and leaves replicas to the autoscaler when there is one', () => {
    for (const overlay of overlays) {
      const targets = [...overlay.hpas().map((hpa) => hpa.spec?.scaleTargetRef.name), ...overlay.scaledObjects().map((scaled) => scaled.spec.scaleTargetRef.name)];
      expect(new Set(targets).size).toBe(targets.length);
      for (const deployment of overlay.deployments()) {
        const autoscaled = targets.includes(deployment.metadata.name);
        expect({ deployment: deployment.metadata.name, setsReplicas: deployment.spec?.replicas !== undefined }).toEqual({
          deployment: deployment.metadata.name,
          setsReplicas: !autoscaled,
        });
      }
      for (const target of targets) expect(overlay.deployments().map((deployment) => deployment.metadata.name)).toContain(target);
    }
  });

  it('authenticates KEDA to the Redis the services use (dev: same host, port and database as REDIS_URL)', () => {
    for (const overlay of overlays) {
      const auths = overlay.triggerAuthentications().map((auth) => auth.metadata?.name);
      for (const scaled of overlay.scaledObjects()) for (const trigger of scaled.spec.triggers) expect(auths).toContain(trigger.authenticationRef?.name);
    }
    const dev = overlays[0];
    const secret = dev.secret('wabus-secrets') ?? {};
    const redisUrl = new URL(secret.REDIS_URL);
    for (const ref of dev.triggerAuthentications()[0].spec?.secretTargetRef ?? []) expect(Object.keys(secret)).toContain(ref.key);
    expect(secret['keda-redis-address']).toBe(`${redisUrl.hostname}:${redisUrl.port || '6379'}`);
    for (const scaled of dev.scaledObjects()) {
      for (const trigger of scaled.spec.triggers) expect(trigger.metadata.databaseIndex).toBe(redisUrl.pathname.slice(1) || '0');
    }
  });
});

describe('the migration runs before the rollout', () => {
  it('has, for each overlay, a migrate step: a Job running the migrate entry point with the same image and namespace', () => {
    OVERLAYS.forEach((dir, index) => {
      const migration = migrations[index];
      const jobs = migration.ofKind<K8sObject>('Job');
      expect(jobs.map((job) => job.metadata.name)).toEqual(['wabus-migrate']);
      const [entry] = migration.wabusContainers();
      expect({ dir, app: entry.app, restartPolicy: entry.podSpec.restartPolicy }).toEqual({ dir, app: 'migrate', restartPolicy: 'Never' });
      expect(overlays[index].ofKind('Job')).toEqual([]);
    });
  });

  (exists('apps/migrate/project.json') ? it : it.todo)('finds the migrate entry point as an Nx project whose build target outputs dist/apps/migrate', () => {
    expect(appProject('migrate')?.entries).toEqual(['dist/apps/migrate/main.js']);
  });
});

describe('monitoring', () => {
  it('scrapes the metrics route on the http port of every wabus Service, keeping each service\'s own `service` label', () => {
    for (const overlay of overlays) {
      const [monitor] = overlay.ofKind<{ spec: { selector: { matchLabels: Record<string, string> }; endpoints: Array<{ port: string; path: string; honorLabels?: boolean }> } }>(
        'ServiceMonitor',
      );
      const http = monitor.spec.endpoints.find((endpoint) => endpoint.port === 'http');
      expect(http).toMatchObject({ path: routes.metrics, honorLabels: true });
      for (const entry of servicesIn(overlay).filter((candidate) => candidate.workload.kind === 'Deployment')) {
        const podLabels = (entry.workload.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
        const service = overlay.services().find((candidate) => selects(candidate.spec?.selector, podLabels));
        expect({ app: entry.app, monitored: selects(monitor.spec.selector.matchLabels, service?.metadata?.labels) }).toEqual({ app: entry.app, monitored: true });
      }
    }
  });

  it('reports the depth of every queue of libs/queues through the queue exporter', () => {
    for (const overlay of overlays) {
      const prefix = queuePrefixOf(overlay);
      const exporter = overlay.deployments().find((deployment) => deployment.metadata.name === 'wabus-queue-exporter');
      const keys = exporter?.spec?.template.spec?.containers[0].env?.find((variable) => variable.name === 'REDIS_EXPORTER_CHECK_SINGLE_KEYS')?.value?.split(',') ?? [];
      const expected = (Object.values(QueueName) as string[]).flatMap((queue) => [new QueueKeys(prefix).getKeys(queue).wait, new QueueKeys(prefix).getKeys(queue).prioritized]);
      expect(keys.sort()).toEqual(expected.sort());
    }
  });
});

describe('the trial Redis of the dev overlay keeps what it accepted', () => {
  it('runs with appendonly yes and maxmemory-policy noeviction on a persistent volume', () => {
    const redis = overlays[0].objects.find((object) => object.kind === 'StatefulSet' && object.metadata.name === 'wabus-redis');
    const spec = redis?.spec as { template: { spec: { containers: IContainer[] } }; volumeClaimTemplates: unknown[] };
    const args = spec.template.spec.containers[0].args ?? [];
    const option = (name: string) => args[args.indexOf(`--${name}`) + 1];
    expect({ appendonly: option('appendonly'), policy: option('maxmemory-policy') }).toEqual({ appendonly: 'yes', policy: 'noeviction' });
    expect(spec.volumeClaimTemplates).toHaveLength(1);
  });
});
