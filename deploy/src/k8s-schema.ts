import { spawnSync } from 'node:child_process';
import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import type { SourcedObject } from './kustomize-render';
import { ROOT } from './repo-facts';

/**
 * Validation of manifests against the Kubernetes OpenAPI schemas (and the
 * KEDA and Prometheus Operator CRD schemas) through kubernetes-models: each
 * object is built as its model class and `.validate()`d.
 */

type ModelClass = new (data: Record<string, unknown>) => { validate(): void };
const model = (cls: unknown) => cls as ModelClass;

const MODELS: Record<string, ModelClass> = {
  'v1/ConfigMap': model(ConfigMap),
  'v1/Namespace': model(Namespace),
  'v1/Secret': model(Secret),
  'v1/Service': model(Service),
  'v1/ServiceAccount': model(ServiceAccount),
  'apps/v1/Deployment': model(Deployment),
  'apps/v1/StatefulSet': model(StatefulSet),
  'batch/v1/Job': model(Job),
  'policy/v1/PodDisruptionBudget': model(PodDisruptionBudget),
  'autoscaling/v2/HorizontalPodAutoscaler': model(HorizontalPodAutoscaler),
  'networking.k8s.io/v1/Ingress': model(Ingress),
  'keda.sh/v1alpha1/ScaledObject': model(ScaledObject),
  'keda.sh/v1alpha1/TriggerAuthentication': model(TriggerAuthentication),
};

// @kubernetes-models/prometheus-operator ships ES modules only, which Jest's
// CommonJS runtime cannot import: those objects are validated by a Node child.
const ESM_MODELS: Record<string, string> = {
  'monitoring.coreos.com/v1/ServiceMonitor': 'ServiceMonitor',
  'monitoring.coreos.com/v1/PrometheusRule': 'PrometheusRule',
};

const ESM_VALIDATOR = `
import * as models from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
let input = '';
for await (const chunk of process.stdin) input += chunk;
const problems = [];
for (const { className, label, object } of JSON.parse(input)) {
  try { new models[className](object).validate(); } catch (error) { problems.push(label + ': ' + error.message); }
}
process.stdout.write(JSON.stringify(problems));
`;

/** One line per schema violation (empty when every object is valid); an unknown kind is a violation. */
export function schemaProblems(objects: SourcedObject[]): string[] {
  const problems: string[] = [];
  const forChild: Array<{ className: string; label: string; object: unknown }> = [];
  for (const { object, file } of objects) {
    const key = `${object.apiVersion}/${object.kind}`;
    const label = `${file}: ${object.kind} ${object.metadata.name}`;
    const Model = MODELS[key];
    if (Model) {
      try {
        new Model(object as unknown as Record<string, unknown>).validate();
      } catch (error) {
        problems.push(`${label}: ${(error as Error).message}`);
      }
    } else if (ESM_MODELS[key]) {
      forChild.push({ className: ESM_MODELS[key], label, object });
    } else {
      problems.push(`${label}: no schema known for ${key}`);
    }
  }
  if (forChild.length > 0) {
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', ESM_VALIDATOR], { cwd: ROOT, input: JSON.stringify(forChild), encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`the Prometheus Operator schema check failed to run: ${child.stderr}`);
    problems.push(...(JSON.parse(child.stdout) as string[]));
  }
  return problems;
}
