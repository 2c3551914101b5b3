import type { TemplateComponent, TemplateParameter, TemplatePayload } from '@wabus/domain';

/** A template as last synced from Meta (the `templates` row): uppercase component types, as Meta lists them (§5.1). */
export interface SyncedTemplate {
  name: string;
  language: string;
  status: string;
  parameterFormat: string | null;
  components: unknown[];
  deletedAt?: Date | null;
}

interface DefinitionComponent {
  type?: string;
  format?: string;
  text?: string;
  buttons?: Array<{ type?: string; text?: string; url?: string }>;
}

const PLACEHOLDER = /\{\{\s*([a-z_][a-z0-9_]*|\d+)\s*\}\}/g;
const MEDIA_FORMATS = new Set(['IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION']);

/** The distinct variables of a template text (`{{1}}`, `{{first_name}}`), in order of first use. */
export function templatePlaceholders(text: string | undefined): string[] {
  if (!text) return [];
  const names: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) if (!names.includes(match[1])) names.push(match[1]);
  return names;
}

/**
 * What is wrong with sending `sent` against the synced definition, as one
 * sentence naming the template, the component and the counts; null when it
 * fits. The same checks Meta makes at send time (132001/132015/132016 for the
 * status, 132000 for counts, 131008 for a dynamic button without its
 * parameter), made before any API call so the message fails with a clear
 * reason instead of a wasted request.
 */
export function templateProblem(definition: SyncedTemplate, sent: TemplatePayload): string | null {
  const label = `Template ${definition.name} (${definition.language})`;
  if (definition.deletedAt) return `${label} was deleted at Meta; create it again or send another template.`;
  if (definition.status !== 'APPROVED') {
    return `${label} is ${definition.status} at Meta, and only APPROVED templates can be sent; wait for approval or reinstatement, or send another template.`;
  }
  const components = (definition.components as DefinitionComponent[]).filter((component) => typeof component === 'object' && component !== null);
  const find = (type: string) => components.find((component) => String(component.type).toUpperCase() === type);
  const sentComponents = (sent.components ?? []) as TemplateComponent[];
  const sentOf = (type: string) => sentComponents.find((component) => component.type === type) as { parameters?: TemplateParameter[] } | undefined;
  const named = definition.parameterFormat === 'NAMED';

  const header = find('HEADER');
  const headerSent = sentOf('header')?.parameters ?? [];
  const format = String(header?.format ?? 'TEXT').toUpperCase();
  if (header && MEDIA_FORMATS.has(format)) {
    const kind = format.toLowerCase();
    const article = /^[aeiou]/.test(kind) ? 'an' : 'a';
    if (headerSent.length !== 1) return `${label} has ${article} ${kind} header, which needs exactly 1 header parameter (the ${kind}), but the message gives ${headerSent.length}.`;
    if (String(headerSent[0].type).toUpperCase() !== format) return `${label} has ${article} ${kind} header, but the message's header parameter is ${/^[aeiou]/.test(headerSent[0].type) ? 'an' : 'a'} ${headerSent[0].type}.`;
  } else {
    const problem = countProblem(label, 'header', templatePlaceholders(header?.text), headerSent, named);
    if (problem) return problem;
  }

  const body = find('BODY');
  const bodyProblem = countProblem(label, 'body', templatePlaceholders(body?.text), sentOf('body')?.parameters ?? [], named);
  if (bodyProblem) return bodyProblem;

  const buttons = find('BUTTONS')?.buttons ?? [];
  const sentButtons = sentComponents.filter((component) => component.type === 'button') as Array<{ index: string | number; sub_type?: string; parameters?: TemplateParameter[] }>;
  for (const button of sentButtons) {
    const index = Number(button.index);
    if (!Number.isInteger(index) || index < 0 || index >= buttons.length) {
      return `${label} has ${buttons.length} button${buttons.length === 1 ? '' : 's'}, but the message gives parameters for a button at index ${String(button.index)}.`;
    }
  }
  for (const [index, button] of buttons.entries()) {
    const type = String(button.type ?? '').toUpperCase();
    const expected = type === 'URL' ? templatePlaceholders(button.url).length : type === 'COPY_CODE' ? 1 : 0;
    if (expected === 0) continue;
    const given = sentButtons.find((candidate) => Number(candidate.index) === index)?.parameters?.length ?? 0;
    if (given !== expected) {
      return `${label}'s ${type.toLowerCase().replace('_', ' ')} button at index ${index} needs ${expected} parameter${expected === 1 ? '' : 's'}, but the message gives ${given}.`;
    }
  }
  return null;
}

function countProblem(label: string, component: 'header' | 'body', placeholders: string[], parameters: TemplateParameter[], named: boolean): string | null {
  if (parameters.length !== placeholders.length) {
    const which = placeholders.length > 0 ? ` (${placeholders.map((name) => `{{${name}}}`).join(', ')})` : '';
    return `${label} expects ${placeholders.length} ${component} parameter${placeholders.length === 1 ? '' : 's'}${which}, but the message gives ${parameters.length}.`;
  }
  if (!named) return null;
  const names = parameters.map((parameter) => parameter.parameter_name);
  const missing = placeholders.filter((name) => !names.includes(name));
  if (missing.length > 0) {
    return `${label} uses named parameters; the ${component} needs ${missing.map((name) => `"${name}"`).join(', ')} (each parameter needs a parameter_name).`;
  }
  return null;
}
