import { QueueKeys } from 'bullmq';
import { QueueName } from '@wabus/queues';
import { loadYamlObjects, renderKustomization } from './kustomize-render';
import { quantity, RenderedOverlay } from './k8s-workloads';
import { metricNames, numericConstant, read, serviceApps, shippedSource } from './repo-facts';

interface PrometheusRuleSpec {
  groups: Array<{ name: string; rules: Array<{ alert?: string; expr: string }> }>;
}

const doc = read('docs/operations.md');
const [rule] = loadYamlObjects('k8s/base/monitoring.yaml').filter((object) => object.kind === 'PrometheusRule');
const rules = (rule.spec as PrometheusRuleSpec).groups.flatMap((group) => group.rules);
const prod = new RenderedOverlay('k8s/overlays/prod', renderKustomization('k8s/overlays/prod'));
const prodMigrate = new RenderedOverlay('k8s/overlays/prod/migrate', renderKustomization('k8s/overlays/prod/migrate'));
const baseName = (metric: string) => metric.replace(/_(bucket|count|sum)$/, '');

describe('the alerts watch metrics the code really exports', () => {
  it('names only wabus_ metrics some service registers', () => {
    const known = metricNames();
    const used = rules.flatMap((candidate) => [...candidate.expr.matchAll(/\bwabus_[a-z0-9_]+/g)].map((match) => baseName(match[0])));
    expect(used.length).toBeGreaterThan(5);
    expect([...new Set(used)].filter((metric) => !known.has(metric))).toEqual([]);
  });

  it('matches only label values the code emits (outcomes, services)', () => {
    const source = shippedSource();
    const problems: string[] = [];
    for (const candidate of rules) {
      for (const selector of candidate.expr.matchAll(/\bwabus_[a-z0-9_]+\{([^}]*)\}/g)) {
        for (const [, labelName, values] of selector[1].matchAll(/(\w+)\s*(?:=~|!=|=)\s*"([^"]*)"/g)) {
          for (const value of values.split('|').filter((part) => /^[a-z][a-z_-]*$/.test(part))) {
            const emitted = labelName === 'service' ? serviceApps().includes(value) : source.includes(`'${value}'`);
            if (!emitted) problems.push(`${candidate.alert}: ${labelName}="${value}"`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('covers the four signals the design asks for: queue depth, dead letters, webhook 401s, Graph API errors', () => {
    const expressions = rules.map((candidate) => candidate.expr).join('\n');
    expect(expressions).toMatch(/redis_key_size\{key=~"[^"]*wait[^"]*"\}/);
    expect(expressions).toContain('outcome="dead_letter"');
    expect(expressions).toMatch(/wabus_webhook_deliveries_total\{outcome=~"[^"]*invalid_signature/);
    expect(expressions).toMatch(/wabus_sender_graph_request_duration_seconds_count\{outcome!="ok"\}/);
  });
});

describe('docs/operations.md stays true to the manifests and the code', () => {
  it('covers sizing, Redis durability, Redis Cluster, scaling, upgrades, backups and alerts', () => {
    for (const heading of ['## Sizing', '## Redis: what makes "nothing lost" true', '### Redis Cluster', '## Scaling each service', '## Upgrades and migrations', '## Backup and restore', '## Metrics and alerts']) {
      expect(doc).toContain(heading);
    }
    for (const setting of ['appendonly yes', 'maxmemory-policy noeviction', 'appendfsync']) expect(doc).toContain(setting);
  });

  it('describes every alert of the PrometheusRule', () => {
    const missing = rules.map((candidate) => candidate.alert ?? '').filter((alert) => !doc.includes(`\`${alert}\``));
    expect(missing).toEqual([]);
  });

  it('names only metrics that exist, and only queue keys BullMQ writes', () => {
    const known = metricNames();
    const named = [...doc.matchAll(/`(wabus_[a-z0-9_]+)/g)].map((match) => baseName(match[1]));
    expect([...new Set(named)].filter((metric) => !known.has(metric))).toEqual([]);
    const keys = new Set((Object.values(QueueName) as string[]).flatMap((queue) => Object.values(new QueueKeys('{wabus}').getKeys(queue))));
    const mentioned = [...doc.matchAll(/\{wabus\}:[a-z-]+:[a-z-]+/g)].map((match) => match[0]);
    expect(mentioned.filter((key) => !keys.has(key))).toEqual([]);
  });

  it('documents every key of the Secret the prod overlay reads', () => {
    const keys = new Set<string>();
    for (const overlay of [prod, prodMigrate]) {
      for (const object of overlay.objects) {
        for (const match of JSON.stringify(object).matchAll(/"secretKeyRef":\{[^}]*"key":"([^"]+)"/g)) keys.add(match[1]);
      }
    }
    for (const ref of prod.triggerAuthentications().flatMap((auth) => auth.spec?.secretTargetRef ?? [])) keys.add(ref.key);
    expect([...keys].filter((key) => !doc.includes(`| \`${key}\` |`))).toEqual([]);
  });

  it('states the sizing of the prod overlay: requests, limits and replica ranges', () => {
    for (const deployment of prod.deployments().filter((candidate) => candidate.metadata.name !== 'wabus-queue-exporter')) {
      const app = deployment.metadata.name.replace(/^wabus-/, '');
      const container = deployment.spec?.template.spec?.containers[0];
      const hpa = prod.hpas().find((candidate) => candidate.spec?.scaleTargetRef.name === deployment.metadata.name);
      const scaled = prod.scaledObjects().find((candidate) => candidate.spec.scaleTargetRef.name === deployment.metadata.name);
      const min = hpa?.spec?.minReplicas ?? scaled?.spec.minReplicaCount ?? deployment.spec?.replicas;
      const max = hpa?.spec?.maxReplicas ?? scaled?.spec.maxReplicaCount;
      const mebibytes = (value: string | number | undefined) => quantity(value) / 1024 ** 2;
      const row = `| ${app} | ${container?.resources?.requests?.cpu} CPU, ${mebibytes(container?.resources?.requests?.memory)} Mi | ${mebibytes(
        container?.resources?.limits?.memory,
      )} Mi | ${max === undefined ? min : `${min}–${max}`}`;
      expect(doc).toContain(row);
    }
  });

  it('counts the PostgreSQL connections of the prod overlay at its maxima', () => {
    const poolSize = numericConstant('libs/persistence/src/data-source.ts', 'DEFAULT_POOL_SIZE');
    let pods = 0;
    for (const deployment of prod.deployments().filter((candidate) => candidate.metadata.name !== 'wabus-queue-exporter')) {
      const hpa = prod.hpas().find((candidate) => candidate.spec?.scaleTargetRef.name === deployment.metadata.name);
      const scaled = prod.scaledObjects().find((candidate) => candidate.spec.scaleTargetRef.name === deployment.metadata.name);
      pods += hpa?.spec?.maxReplicas ?? scaled?.spec.maxReplicaCount ?? deployment.spec?.replicas ?? 1;
    }
    expect(doc).toContain(`pool of ${poolSize} connections`);
    expect(doc).toContain(`${pods} pods, so ${pods * poolSize} connections`);
  });
});
