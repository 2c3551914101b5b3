import { DomainError } from './domain-error';
import type { TemplatePayload } from './message-types';
import { parseTemplateComponents, type ParsedTemplate, type ParsedTemplateButton, TEMPLATE_MEDIA_HEADER_FORMATS } from './template-definition';
import { normalizeTemplateLanguage } from './template-record';

/**
 * The checks Meta makes when a template message is sent (§2.8: 132001 unknown
 * or not approved, 132015 paused, 132016 disabled, 132000 parameter counts,
 * 131008 a dynamic button without its parameter, 132018 bad text), made
 * against the synced definitions before any API call, so a bad send fails at
 * once with a sentence naming the template, the component and the counts.
 */

/** Why a template message cannot be sent; wire data (API bodies, records), so never rename a value. */
export type TemplateProblemCode =
  | 'template_not_found'
  | 'template_language_not_found'
  | 'template_deleted'
  | 'template_not_approved'
  | 'template_rejected'
  | 'template_paused'
  | 'template_disabled'
  | 'template_parameter_count'
  | 'template_parameter_name'
  | 'template_header_format'
  | 'template_button_unknown'
  | 'template_button_parameter'
  | 'template_parameter_text';

export interface TemplateProblem {
  code: TemplateProblemCode;
  /** One sentence for people, naming the template, the component and what is expected. */
  message: string;
  /** The Cloud API error Meta would answer with. */
  metaCode: number;
  component: 'template' | 'header' | 'body' | 'button';
  details: Record<string, unknown>;
}

/** What the check needs of a synced template (a `templates` row). */
export interface TemplateSnapshot {
  name: string;
  language: string;
  status: string;
  parameterFormat?: string | null;
  components: unknown[];
  rejectedReason?: string | null;
  deletedAt?: Date | string | null;
}

/** A template message refused before sending; `details` is the problem. */
export class TemplateNotSendableError extends DomainError {
  readonly code = 'template_not_sendable';
  declare readonly details: TemplateProblem;

  constructor(problem: TemplateProblem) {
    super(problem.message, problem);
  }
}

const STATUS_PROBLEMS: Readonly<Record<string, { code: TemplateProblemCode; metaCode: number }>> = {
  PAUSED: { code: 'template_paused', metaCode: 132015 },
  DISABLED: { code: 'template_disabled', metaCode: 132016 },
  REJECTED: { code: 'template_rejected', metaCode: 132001 },
};

/**
 * The first reason `sent` cannot be sent, given every synced language of the
 * template's name in the channel's WABA (`known`); null when it can. An empty
 * `known` answers template_not_found: trust that only once the WABA has synced.
 */
export function checkTemplateMessage(sent: TemplatePayload, known: readonly TemplateSnapshot[]): TemplateProblem | null {
  const language = normalizeTemplateLanguage(sent.language?.code ?? '');
  const sameName = known.filter((template) => template.name === sent.name);
  const definition = sameName.find((template) => normalizeTemplateLanguage(template.language) === language);
  if (!definition) return missingProblem(sent.name, language, sameName);
  return templateMessageProblems(definition, sent)[0] ?? null;
}

/** Every problem of sending `sent` against one definition: its status if it cannot be sent at all, else each component's. */
export function templateMessageProblems(definition: TemplateSnapshot, sent: TemplatePayload): TemplateProblem[] {
  const status = statusProblem(definition, labelOf(definition));
  return status ? [status] : templateParameterProblems(definition, sent);
}

/** The parameter problems alone, whatever the template's status (a preview of a template still in review). */
export function templateParameterProblems(definition: TemplateSnapshot, sent: TemplatePayload): TemplateProblem[] {
  const label = labelOf(definition);
  const parsed = parseTemplateComponents(definition.components, definition.parameterFormat);
  const components = sentComponents(sent);
  return [
    ...headerProblems(parsed, components, label),
    ...textComponentProblems('body', parsed.body?.placeholders ?? [], parameterListOf(components, 'body'), parsed.parameterFormat === 'NAMED', label),
    ...buttonProblems(parsed.buttons, components, label),
  ];
}

interface SentComponent {
  type: string;
  sub_type?: unknown;
  index?: unknown;
  parameters: Record<string, unknown>[];
}

function sentComponents(sent: TemplatePayload): SentComponent[] {
  const list: unknown[] = Array.isArray(sent.components) ? sent.components : [];
  return list.filter(isRecord).map((component) => ({
    ...component,
    type: String(component.type).toLowerCase(),
    parameters: Array.isArray(component.parameters) ? component.parameters.filter(isRecord) : [],
  }));
}

function parameterListOf(components: SentComponent[], type: 'header' | 'body'): Record<string, unknown>[] {
  return components.find((component) => component.type === type)?.parameters ?? [];
}

function missingProblem(name: string, language: string, sameName: readonly TemplateSnapshot[]): TemplateProblem {
  if (sameName.length === 0) {
    return problem('template_not_found', 132001, 'template', `Template ${name} does not exist in this WhatsApp Business Account (as last synced); check the name or sync the templates.`, { name, language });
  }
  const available = sameName.map((template) => template.language).sort();
  return problem(
    'template_language_not_found',
    132001,
    'template',
    `Template ${name} does not exist in ${language || 'the requested language'}; it exists in ${available.join(', ')}.`,
    { name, language, available },
  );
}

function statusProblem(definition: TemplateSnapshot, label: string): TemplateProblem | null {
  const details = { name: definition.name, language: definition.language, status: definition.status };
  if (definition.deletedAt) return problem('template_deleted', 132001, 'template', `${label} was deleted at Meta; create it again or send another template.`, details);
  if (definition.status === 'APPROVED') return null;
  const known = STATUS_PROBLEMS[definition.status] ?? { code: 'template_not_approved' as const, metaCode: 132001 };
  const reason = definition.rejectedReason ? ` (reason: ${definition.rejectedReason})` : '';
  const advice: Record<string, string> = {
    PAUSED: 'Meta paused it for low quality; wait until it is reinstated or send another template.',
    DISABLED: 'Meta disabled it for good; create a new template.',
    REJECTED: 'fix it and submit it again, or send another template.',
  };
  const next = advice[definition.status] ?? 'wait for approval, or send another template.';
  return problem(known.code, known.metaCode, 'template', `${label} is ${definition.status}${reason}; only APPROVED templates can be sent: ${next}`, {
    ...details,
    ...(definition.rejectedReason ? { rejectedReason: definition.rejectedReason } : {}),
  });
}

function headerProblems(parsed: ParsedTemplate, components: SentComponent[], label: string): TemplateProblem[] {
  const given = parameterListOf(components, 'header');
  const format = parsed.header?.format ?? 'TEXT';
  if (!(TEMPLATE_MEDIA_HEADER_FORMATS as readonly string[]).includes(format)) {
    return textComponentProblems('header', parsed.header?.placeholders ?? [], given, parsed.parameterFormat === 'NAMED', label);
  }
  const kind = format.toLowerCase();
  if (given.length !== 1) {
    return [problem('template_parameter_count', 132000, 'header', `${label} has ${article(kind)} ${kind} header, which needs exactly 1 header parameter (the ${kind}), but the message gives ${given.length}.`, { expected: 1, given: given.length, format })];
  }
  const type = String(given[0].type);
  if (type !== kind) {
    return [problem('template_header_format', 132012, 'header', `${label} has ${article(kind)} ${kind} header, but the message's header parameter is ${article(type)} ${type}.`, { format, given: type })];
  }
  return [];
}

function textComponentProblems(component: 'header' | 'body', placeholders: string[], given: Record<string, unknown>[], named: boolean, label: string): TemplateProblem[] {
  if (given.length !== placeholders.length) {
    const which = placeholders.length > 0 ? ` (${placeholders.map((name) => `{{${name}}}`).join(', ')})` : '';
    return [
      problem('template_parameter_count', 132000, component, `${label} expects ${plural(placeholders.length, `${component} parameter`)}${which}, but the message gives ${given.length}.`, {
        expected: placeholders.length,
        given: given.length,
        placeholders,
      }),
    ];
  }
  const problems: TemplateProblem[] = [];
  if (named) {
    const names = given.map((parameter) => parameter.parameter_name);
    const missing = placeholders.filter((name) => !names.includes(name));
    if (missing.length > 0) {
      problems.push(
        problem('template_parameter_name', 132000, component, `${label} uses named parameters; the ${component} needs ${missing.map((name) => `"${name}"`).join(', ')} (each parameter needs a parameter_name).`, {
          missing,
          given: names,
        }),
      );
    }
  }
  const badText = given.findIndex((parameter) => parameter.type === 'text' && typeof parameter.text === 'string' && /[\n\t]| {5,}/.test(parameter.text));
  if (badText >= 0) {
    problems.push(problem('template_parameter_text', 132018, component, `${label}: ${component} parameter ${badText + 1} contains a new line, a tab or more than 4 spaces in a row, which Meta refuses in parameters.`, { position: badText + 1 }));
  }
  return problems;
}

function buttonProblems(buttons: ParsedTemplateButton[], components: SentComponent[], label: string): TemplateProblem[] {
  const sent = components.filter((component) => component.type === 'button');
  const problems: TemplateProblem[] = [];
  for (const component of sent) {
    const index = Number(component.index);
    const button = Number.isInteger(index) ? buttons[index] : undefined;
    if (!button) {
      problems.push(problem('template_button_unknown', 132000, 'button', `${label} has ${plural(buttons.length, 'button')}, but the message gives parameters for a button at index ${String(component.index)}.`, { index: component.index, buttons: buttons.length }));
    } else if (button.sendSubType === null || (component.sub_type !== undefined && component.sub_type !== button.sendSubType)) {
      const expected = button.sendSubType ? `sub_type ${button.sendSubType}` : 'no parameters';
      problems.push(problem('template_button_parameter', 132000, 'button', `${label}'s button at index ${index} is a ${describe(button)} button and takes ${expected}, but the message sends sub_type ${String(component.sub_type)}.`, { index, type: button.type, subType: component.sub_type }));
    }
  }
  for (const button of buttons.filter((candidate) => candidate.requiresParameter)) {
    const given = sent.find((component) => Number(component.index) === button.index)?.parameters.length ?? 0;
    if (given !== 1) {
      problems.push(problem('template_button_parameter', given === 0 ? 131008 : 132000, 'button', `${label}'s ${describe(button)} button at index ${button.index} needs 1 parameter (${buttonNeed(button)}), but the message gives ${given}.`, { index: button.index, type: button.type, expected: 1, given }));
    }
  }
  return problems;
}

function labelOf(definition: TemplateSnapshot): string {
  return `Template ${definition.name} (${definition.language})`;
}

function describe(button: ParsedTemplateButton): string {
  return button.type.toLowerCase().replace(/_/g, ' ');
}

function buttonNeed(button: ParsedTemplateButton): string {
  switch (button.type) {
    case 'URL':
      return `the suffix of ${button.url ?? 'its URL'}`;
    case 'COPY_CODE':
      return 'the coupon_code';
    case 'OTP':
      return 'the one-time code';
    default:
      return 'an action';
  }
}

function problem(code: TemplateProblemCode, metaCode: number, component: TemplateProblem['component'], message: string, details: Record<string, unknown>): TemplateProblem {
  return { code, message, metaCode, component, details };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
