import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { exists, read, ROOT } from './repo-facts';

/**
 * A small, strict stand-in for `kustomize build` (no binary on this machine):
 * the fields our kustomizations use — resources (files and folders), namespace,
 * images, patches (strategic merge by apiVersion/kind/name) — and an error for
 * any other field, so a kustomization never means more than what is checked.
 */

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export interface SourcedObject {
  object: K8sObject;
  /** The file it came from, relative to the workspace. */
  file: string;
}

export interface Rendering {
  objects: SourcedObject[];
  /** Every file the rendering read (manifests, patches, kustomizations). */
  filesRead: string[];
}

interface ImageRule {
  name: string;
  newName?: string;
  newTag?: string;
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  resources?: string[];
  namespace?: string;
  images?: ImageRule[];
  patches?: Array<{ path: string; target?: PatchTarget }>;
}

interface PatchTarget {
  kind: string;
  name: string;
  group?: string;
  version?: string;
}

interface JsonPatchOperation {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

const SUPPORTED_FIELDS = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'images', 'patches']);
const CLUSTER_SCOPED_KINDS = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'PriorityClass', 'ClusterTriggerAuthentication']);
// Kinds whose lists merge by key in a strategic merge patch; custom resources replace lists whole.
const BUILT_IN_GROUPS = /^(v1|apps\/v1|batch\/v1|policy\/v1|autoscaling\/v2|networking\.k8s\.io\/v1)$/;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The documents of a YAML file (empty documents skipped); a syntax error throws. */
export function loadYamlObjects(relativeFile: string): K8sObject[] {
  const documents = parseAllDocuments(read(relativeFile));
  const list = Array.isArray(documents) ? documents : [documents];
  const objects: K8sObject[] = [];
  for (const document of list) {
    if (document.errors.length > 0) throw new Error(`${relativeFile}: ${document.errors[0].message}`);
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    if (!isPlainObject(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string' || !isPlainObject(value.metadata)) {
      throw new Error(`${relativeFile}: a document without apiVersion, kind and metadata`);
    }
    objects.push(value as K8sObject);
  }
  return objects;
}

export function identity(object: K8sObject): string {
  return `${object.apiVersion}/${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

/** Renders the kustomization in `relativeDir` (e.g. `k8s/overlays/prod`). */
export function renderKustomization(relativeDir: string): Rendering {
  const kustomizationFile = `${relativeDir}/kustomization.yaml`;
  if (!exists(kustomizationFile)) throw new Error(`${relativeDir} has no kustomization.yaml`);
  const [kustomization] = loadYamlDocumentsLoosely(kustomizationFile) as Kustomization[];
  for (const field of Object.keys(kustomization)) {
    if (!SUPPORTED_FIELDS.has(field)) throw new Error(`${kustomizationFile}: field "${field}" is not understood by the deploy tests' renderer`);
  }
  const filesRead = [kustomizationFile];
  let objects: SourcedObject[] = [];
  for (const resource of kustomization.resources ?? []) {
    const target = path.posix.normalize(`${relativeDir}/${resource}`);
    if (!exists(target)) throw new Error(`${kustomizationFile}: resource ${resource} does not exist`);
    if (exists(`${target}/kustomization.yaml`)) {
      const inner = renderKustomization(target);
      objects.push(...inner.objects);
      filesRead.push(...inner.filesRead);
    } else {
      objects.push(...loadYamlObjects(target).map((object) => ({ object, file: target })));
      filesRead.push(target);
    }
  }
  assertNoDuplicates(objects, kustomizationFile);
  for (const patch of kustomization.patches ?? []) {
    const patchFile = path.posix.normalize(`${relativeDir}/${patch.path}`);
    if (!exists(patchFile)) throw new Error(`${kustomizationFile}: patch ${patch.path} does not exist`);
    filesRead.push(patchFile);
    if (patch.target) objects = applyJsonPatch(objects, patch.target, loadYamlDocumentsLoosely(patchFile)[0] as JsonPatchOperation[], patchFile);
    else for (const patchObject of loadYamlObjects(patchFile)) objects = applyPatch(objects, patchObject, patchFile);
  }
  if (kustomization.namespace) {
    for (const { object } of objects) if (!CLUSTER_SCOPED_KINDS.has(object.kind)) object.metadata.namespace = kustomization.namespace;
  }
  for (const rule of kustomization.images ?? []) for (const { object } of objects) applyImageRule(object, rule);
  assertNoDuplicates(objects, kustomizationFile);
  return { objects, filesRead: [...new Set(filesRead)] };
}

function loadYamlDocumentsLoosely(relativeFile: string): unknown[] {
  const documents = parseAllDocuments(read(relativeFile));
  const list = Array.isArray(documents) ? documents : [documents];
  return list.map((document) => {
    if (document.errors.length > 0) throw new Error(`${relativeFile}: ${document.errors[0].message}`);
    return document.toJS() as unknown;
  });
}

function assertNoDuplicates(objects: SourcedObject[], where: string): void {
  const seen = new Map<string, string>();
  for (const { object, file } of objects) {
    const key = identity(object);
    if (seen.has(key)) throw new Error(`${where}: ${object.kind} ${object.metadata.name} comes from both ${seen.get(key)} and ${file}`);
    seen.set(key, file);
  }
}

function applyPatch(objects: SourcedObject[], patch: K8sObject, patchFile: string): SourcedObject[] {
  const targets = objects.filter(
    ({ object }) =>
      object.apiVersion === patch.apiVersion &&
      object.kind === patch.kind &&
      object.metadata.name === patch.metadata.name &&
      (patch.metadata.namespace === undefined || patch.metadata.namespace === object.metadata.namespace),
  );
  if (targets.length !== 1) throw new Error(`${patchFile}: patch for ${patch.kind} ${patch.metadata.name} matches ${targets.length} resources`);
  const builtIn = BUILT_IN_GROUPS.test(patch.apiVersion);
  return objects.map((entry) =>
    entry === targets[0] ? { file: entry.file, object: strategicMerge(entry.object, patch, builtIn, '') as K8sObject } : entry,
  );
}

/** An RFC 6902 patch (add, replace, remove) on the one resource of that kind and name. */
function applyJsonPatch(objects: SourcedObject[], target: PatchTarget, operations: JsonPatchOperation[], patchFile: string): SourcedObject[] {
  const targets = objects.filter(({ object }) => object.kind === target.kind && object.metadata.name === target.name);
  if (targets.length !== 1) throw new Error(`${patchFile}: target ${target.kind} ${target.name} matches ${targets.length} resources`);
  if (!Array.isArray(operations)) throw new Error(`${patchFile}: a JSON patch is a list of operations`);
  const patched = structuredClone(targets[0].object);
  for (const operation of operations) {
    const tokens = operation.path
      .split('/')
      .slice(1)
      .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = tokens.pop();
    let parent: unknown = patched;
    for (const token of tokens) {
      parent = Array.isArray(parent) ? parent[Number(token)] : isPlainObject(parent) ? parent[token] : undefined;
      if (parent === undefined) throw new Error(`${patchFile}: ${operation.path} does not exist`);
    }
    if (last === undefined || !(Array.isArray(parent) || isPlainObject(parent))) throw new Error(`${patchFile}: cannot apply ${operation.op} at ${operation.path}`);
    const container = parent as Record<string, unknown>;
    const present = Array.isArray(parent) ? Number(last) < parent.length : last in container;
    if (operation.op !== 'add' && !present) throw new Error(`${patchFile}: ${operation.op} of ${operation.path}, which does not exist`);
    if (operation.op === 'remove') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete container[last];
    } else if (operation.op === 'add' && Array.isArray(parent)) {
      parent.splice(last === '-' ? parent.length : Number(last), 0, operation.value);
    } else if (operation.op === 'add' || operation.op === 'replace') {
      container[last] = operation.value;
    } else {
      throw new Error(`${patchFile}: unsupported operation ${String((operation as { op: unknown }).op)}`);
    }
  }
  return objects.map((entry) => (entry === targets[0] ? { file: entry.file, object: patched } : entry));
}

/** The list merge keys of the built-in kinds we patch (a subset of Kubernetes' patchMergeKey). */
function mergeKeyOf(field: string, items: unknown[]): string | undefined {
  if (['containers', 'initContainers', 'env', 'volumes'].includes(field)) return 'name';
  if (field === 'volumeMounts') return 'mountPath';
  if (field === 'ports') return items.every((item) => isPlainObject(item) && 'containerPort' in item) ? 'containerPort' : 'port';
  return undefined;
}

/** Kubernetes strategic merge: maps merge, null deletes, keyed lists merge by key (built-in kinds), other lists are replaced. */
export function strategicMerge(base: unknown, patch: unknown, builtIn: boolean, field: string): unknown {
  if (isPlainObject(base) && isPlainObject(patch)) {
    const merged: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete merged[key];
      else merged[key] = strategicMerge(base[key], value, builtIn, key);
    }
    return merged;
  }
  if (builtIn && Array.isArray(base) && Array.isArray(patch)) {
    const key = mergeKeyOf(field, [...base, ...patch]);
    if (key) {
      const merged = [...base];
      for (const item of patch) {
        const index = merged.findIndex((candidate) => isPlainObject(candidate) && isPlainObject(item) && candidate[key] === item[key]);
        if (index >= 0) merged[index] = strategicMerge(merged[index], item, builtIn, '');
        else merged.push(item);
      }
      return merged;
    }
  }
  return patch;
}

/** The pod spec of a workload, if it has one. */
export function podSpecOf(object: K8sObject): Record<string, unknown> | undefined {
  const spec = object.spec;
  if (!isPlainObject(spec) || !isPlainObject(spec.template) || !isPlainObject(spec.template.spec)) return undefined;
  return spec.template.spec;
}

function applyImageRule(object: K8sObject, rule: ImageRule): void {
  const podSpec = podSpecOf(object);
  if (!podSpec) return;
  for (const list of [podSpec.containers, podSpec.initContainers]) {
    if (!Array.isArray(list)) continue;
    for (const container of list) {
      if (!isPlainObject(container) || typeof container.image !== 'string') continue;
      const [, name, tag] = /^([^:@]+(?::\d+\/[^:@]+)?)(?:[:@](.+))?$/.exec(container.image) ?? [];
      if (name !== rule.name) continue;
      container.image = `${rule.newName ?? name}${rule.newTag ? `:${rule.newTag}` : tag ? `:${tag}` : ''}`;
    }
  }
}

/** Every YAML file under a folder (relative paths). */
export function yamlFilesUnder(relativeDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(ROOT, dir))) {
      const relative = `${dir}/${entry}`;
      if (statSync(path.join(ROOT, relative)).isDirectory()) walk(relative);
      else if (/\.ya?ml$/.test(entry)) found.push(relative);
    }
  };
  walk(relativeDir);
  return found.sort();
}
