import type { IScaledObject, ITriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import type { IDeployment } from 'kubernetes-models/apps/v1';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1';
import type { IConfigMap, IContainer, IPodSpec, ISecret, IService } from 'kubernetes-models/v1';
import { K8sObject, podSpecOf, Rendering } from './kustomize-render';
import { placeholderValue } from './service-expectations';

/** Typed views of a rendered overlay, for the checks of kubernetes.spec.ts. */

export interface WabusContainer {
  /** The app its command runs (`node dist/apps/<app>/main.js`). */
  app: string;
  workload: K8sObject;
  podSpec: IPodSpec;
  container: IContainer;
}

export class RenderedOverlay {
  constructor(
    readonly dir: string,
    readonly rendering: Rendering,
  ) {}

  get objects(): K8sObject[] {
    return this.rendering.objects.map((entry) => entry.object);
  }

  ofKind<T>(kind: string): Array<T & K8sObject> {
    return this.objects.filter((object) => object.kind === kind) as Array<T & K8sObject>;
  }

  deployments = () => this.ofKind<IDeployment>('Deployment');
  services = () => this.ofKind<IService>('Service');
  pdbs = () => this.ofKind<IPodDisruptionBudget>('PodDisruptionBudget');
  hpas = () => this.ofKind<IHorizontalPodAutoscaler>('HorizontalPodAutoscaler');
  scaledObjects = () => this.ofKind<IScaledObject>('ScaledObject');
  triggerAuthentications = () => this.ofKind<ITriggerAuthentication>('TriggerAuthentication');
  ingresses = () => this.ofKind<IIngress>('Ingress');

  configMap(name: string): Record<string, string> | undefined {
    return this.ofKind<IConfigMap>('ConfigMap').find((map) => map.metadata.name === name)?.data;
  }

  /** A Secret's decoded values, when the overlay itself carries the Secret (dev); undefined when it is created outside (prod). */
  secret(name: string): Record<string, string> | undefined {
    const secret = this.ofKind<ISecret>('Secret').find((candidate) => candidate.metadata.name === name);
    if (!secret) return undefined;
    const decoded = Object.fromEntries(Object.entries(secret.data ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]));
    return { ...decoded, ...secret.stringData };
  }

  /** Every container of every workload that runs a wabus app. */
  wabusContainers(): WabusContainer[] {
    const found: WabusContainer[] = [];
    for (const workload of this.objects) {
      const podSpec = podSpecOf(workload) as IPodSpec | undefined;
      for (const container of podSpec?.containers ?? []) {
        const command = [...(container.command ?? []), ...(container.args ?? [])];
        const match = command[0] === 'node' ? /^dist\/apps\/([^/]+)\/main\.js$/.exec(command[1] ?? '') : null;
        if (podSpec && match) found.push({ app: match[1], workload, podSpec, container });
      }
    }
    return found;
  }

  deploymentOf(app: string): (IDeployment & K8sObject) | undefined {
    return this.wabusContainers().find((entry) => entry.app === app && entry.workload.kind === 'Deployment')?.workload as (IDeployment & K8sObject) | undefined;
  }

  /**
   * The environment a container starts with: its ConfigMaps (envFrom), then
   * its own `env`. Secret values come from the overlay's Secret when it has
   * one, else from placeholders (the real Secret lives outside the repository);
   * optional references to absent keys stay unset, as in Kubernetes.
   */
  environmentOf(container: IContainer): Record<string, string> {
    const env: Record<string, string> = {};
    for (const source of container.envFrom ?? []) {
      if (source.configMapRef) Object.assign(env, this.configMap(source.configMapRef.name ?? '') ?? {});
      if (source.secretRef) throw new Error(`${container.name}: envFrom a whole Secret hides which variables it sets; use env with secretKeyRef`);
    }
    for (const variable of container.env ?? []) {
      if (variable.value !== undefined) {
        env[variable.name] = variable.value;
        continue;
      }
      const secretRef = variable.valueFrom?.secretKeyRef;
      const configMapRef = variable.valueFrom?.configMapKeyRef;
      if (secretRef) {
        const values = this.secret(secretRef.name ?? '');
        const value = values ? values[secretRef.key] : secretRef.optional ? undefined : placeholderValue(secretRef.key);
        if (value !== undefined) env[variable.name] = value;
        else if (!secretRef.optional) throw new Error(`${container.name}: ${variable.name} reads key ${secretRef.key} that Secret ${secretRef.name} lacks`);
      } else if (configMapRef) {
        const value = this.configMap(configMapRef.name ?? '')?.[configMapRef.key];
        if (value !== undefined) env[variable.name] = value;
      }
    }
    return env;
  }
}

/** Kubernetes quantities (`250m`, `256Mi`, `1Gi`, `2`) as numbers (cores or bytes). */
export function quantity(text: string | number | undefined): number {
  if (text === undefined) return NaN;
  const match = /^(\d+(?:\.\d+)?)(m|k|Ki|M|Mi|G|Gi|T|Ti)?$/.exec(String(text));
  if (!match) return NaN;
  const factor: Record<string, number> = { m: 0.001, k: 1e3, Ki: 1024, M: 1e6, Mi: 1024 ** 2, G: 1e9, Gi: 1024 ** 3, T: 1e12, Ti: 1024 ** 4 };
  return Number(match[1]) * (match[2] ? factor[match[2]] : 1);
}

/** Whether a label selector (matchLabels) selects pods with these labels. */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  const wanted = Object.entries(selector ?? {});
  return wanted.length > 0 && wanted.every(([key, value]) => labels?.[key] === value);
}
