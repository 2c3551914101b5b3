import { outboundMessageProblems, PayloadProblem } from './outbound-message-rules';
import { outboundUrlProblems } from './outbound-url';
import { placeholderProblems } from './placeholders';
import { ruleExpressionProblems } from './rule-expression';
import { isUuid } from './identifier';

/**
 * What a button action does, and the config each type takes (contract:
 * `send_message {text}|{template}`, `update_contact {field, value}`,
 * `create_ticket`, `update_status`, `webhook {url}`, `rule {language,
 * expression}`). A rule's effects are validated by the same function, so a
 * rule can do nothing a configured action could not.
 */
export const BUTTON_ACTION_TYPES = ['send_message', 'update_contact', 'create_ticket', 'update_status', 'webhook', 'rule'] as const;
export type ButtonActionType = (typeof BUTTON_ACTION_TYPES)[number];
/** What a rule may emit: every type but `rule`. */
export type EffectType = Exclude<ButtonActionType, 'rule'>;

export interface TemplateMessageConfig {
  name: string;
  language: { code: string; policy?: string };
  components?: unknown[];
}
export interface SendMessageConfig {
  text?: string;
  template?: TemplateMessageConfig;
  /** Quote the tapped message in the reply (WhatsApp shows it above the text). */
  quote?: boolean;
}
export interface UpdateContactConfig {
  /** `attributes.<name>`, `tags.add`, `tags.remove` or `optedOut`. */
  field: string;
  value: unknown;
}
export interface CreateTicketConfig {
  subject?: string;
  body?: string;
  /** A helpdesk endpoint that receives the ticket as a signed `ticket.created` webhook. */
  forwardUrl?: string;
  /** The subscription whose secret signs the forward; default: the channel's newest active one. */
  subscriptionId?: string;
}
export interface UpdateStatusConfig {
  target: 'contact' | 'approval';
  /** contact: any short word, stored as `attributes.status`; approval: approved or rejected. */
  status: string;
  /** approval: which one; default: the approval whose message was tapped. */
  approvalId?: string;
}
export interface WebhookConfig {
  url: string;
  subscriptionId?: string;
}
export interface RuleConfig {
  language: 'jsonata';
  expression: string;
}

export interface ButtonActionConfigs {
  send_message: SendMessageConfig;
  update_contact: UpdateContactConfig;
  create_ticket: CreateTicketConfig;
  update_status: UpdateStatusConfig;
  webhook: WebhookConfig;
  rule: RuleConfig;
}

export const ACTION_TEXT_MAX_LENGTH = 4096;
export const CONTACT_ATTRIBUTE_FIELD = /^attributes\.([A-Za-z0-9_-]{1,64})$/;
const MAX_ATTRIBUTE_VALUE_BYTES = 4096;
const ALLOWED_KEYS: Record<ButtonActionType, string[]> = {
  send_message: ['text', 'template', 'quote'],
  update_contact: ['field', 'value'],
  create_ticket: ['subject', 'body', 'forwardUrl', 'subscriptionId'],
  update_status: ['target', 'status', 'approvalId'],
  webhook: ['url', 'subscriptionId'],
  rule: ['language', 'expression'],
};

export interface ActionConfigOptions {
  /** config.allowPrivateUrls of the service doing the check. */
  allowPrivateUrls: boolean;
  /** Field path prefix in problems (`config`, or `effects.0.config` for a rule's output). */
  path?: string;
  /** Set when checking a rule's output: a rule cannot emit a rule. */
  fromRule?: boolean;
}

export function isButtonActionType(type: unknown): type is ButtonActionType {
  return (BUTTON_ACTION_TYPES as readonly unknown[]).includes(type);
}

/** Every problem of a type + config pair, each with its field path. */
export function buttonActionConfigProblems(type: unknown, config: unknown, options: ActionConfigOptions): PayloadProblem[] {
  const path = options.path ?? 'config';
  if (!isButtonActionType(type)) return [{ field: path.replace(/config$/, 'type'), problem: `must be one of ${BUTTON_ACTION_TYPES.join(', ')}` }];
  if (type === 'rule' && options.fromRule) return [{ field: path.replace(/config$/, 'type'), problem: 'a rule cannot emit another rule' }];
  if (config === null || typeof config !== 'object' || Array.isArray(config)) return [{ field: path, problem: 'must be an object' }];
  const record = config as Record<string, unknown>;
  const problems: PayloadProblem[] = Object.keys(record)
    .filter((key) => !ALLOWED_KEYS[type].includes(key))
    .map((key) => ({ field: `${path}.${key}`, problem: `is not a ${type} setting (allowed: ${ALLOWED_KEYS[type].join(', ')})` }));
  const at = (field: string, problem: string) => problems.push({ field: `${path}.${field}`, problem });
  switch (type) {
    case 'send_message':
      sendMessageProblems(record, at);
      break;
    case 'update_contact':
      updateContactProblems(record, at);
      break;
    case 'create_ticket':
      optionalText(record, 'subject', 200, at);
      optionalText(record, 'body', 4000, at);
      if (record['forwardUrl'] !== undefined) urlProblems(record['forwardUrl'], 'forwardUrl', options, at);
      optionalUuid(record, 'subscriptionId', at);
      break;
    case 'update_status':
      updateStatusProblems(record, at);
      break;
    case 'webhook':
      urlProblems(record['url'], 'url', options, at);
      optionalUuid(record, 'subscriptionId', at);
      break;
    case 'rule':
      for (const problem of ruleExpressionProblems(record['language'], record['expression'])) at(problem.field, problem.problem);
      break;
  }
  return problems;
}

type At = (field: string, problem: string) => void;

function sendMessageProblems(config: Record<string, unknown>, at: At): void {
  const hasText = config['text'] !== undefined;
  const hasTemplate = config['template'] !== undefined;
  if (hasText === hasTemplate) at(hasText ? 'template' : 'text', 'give exactly one of text or template');
  if (hasText) {
    if (typeof config['text'] !== 'string' || config['text'].trim() === '') at('text', 'must be a non-empty string');
    else if (config['text'].length > ACTION_TEXT_MAX_LENGTH) at('text', `must be at most ${ACTION_TEXT_MAX_LENGTH} characters`);
    else placeholderProblems(config['text']).forEach((problem) => at('text', problem));
  }
  if (hasTemplate) templateProblems(config['template'], at);
  if (config['quote'] !== undefined && typeof config['quote'] !== 'boolean') at('quote', 'must be true or false');
}

function templateProblems(template: unknown, at: At): void {
  if (template === null || typeof template !== 'object' || Array.isArray(template)) return at('template', 'must be a template object as in Meta\'s API: {name, language: {code}, components?}');
  const record = template as Record<string, unknown>;
  if (typeof record['name'] !== 'string' || !/^[a-z0-9_]{1,512}$/.test(record['name'])) at('template.name', 'must be a template name (lower case letters, digits, underscores)');
  const language = record['language'] as Record<string, unknown> | undefined;
  if (!language || typeof language !== 'object' || typeof language['code'] !== 'string' || !/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/.test(language['code'])) {
    at('template.language.code', 'must be a language code such as en_US');
  }
  if (record['components'] !== undefined && !Array.isArray(record['components'])) return at('template.components', 'must be an array');
  for (const problem of outboundMessageProblems('template', { template })) at(problem.field, problem.problem);
}

function updateContactProblems(config: Record<string, unknown>, at: At): void {
  const field = config['field'];
  const value = config['value'];
  if (typeof field !== 'string') return at('field', 'must be attributes.<name>, tags.add, tags.remove or optedOut');
  if (CONTACT_ATTRIBUTE_FIELD.test(field)) {
    if (value === undefined) return at('value', 'must be given (null removes the attribute)');
    if (JSON.stringify(value).length > MAX_ATTRIBUTE_VALUE_BYTES) at('value', `must be at most ${MAX_ATTRIBUTE_VALUE_BYTES} bytes as JSON`);
    if (typeof value === 'string') placeholderProblems(value).forEach((problem) => at('value', problem));
    return;
  }
  if (field === 'tags.add' || field === 'tags.remove') {
    if (typeof value !== 'string' || value.trim() !== value || value.length === 0 || value.length > 64) at('value', 'must be a tag: 1 to 64 characters, no surrounding spaces');
    return;
  }
  if (field === 'optedOut') {
    if (typeof value !== 'boolean') at('value', 'must be true or false');
    return;
  }
  at('field', 'must be attributes.<name> (letters, digits, _ or -), tags.add, tags.remove or optedOut');
}

function updateStatusProblems(config: Record<string, unknown>, at: At): void {
  const target = config['target'];
  const status = config['status'];
  if (target !== 'contact' && target !== 'approval') at('target', 'must be contact or approval');
  if (target === 'approval') {
    if (status !== 'approved' && status !== 'rejected') at('status', 'must be approved or rejected for an approval');
    optionalUuid(config, 'approvalId', at);
  } else {
    if (typeof status !== 'string' || !/^[\w .:-]{1,64}$/.test(status)) at('status', 'must be 1 to 64 letters, digits, spaces or . _ : -');
    if (config['approvalId'] !== undefined) at('approvalId', 'only applies to target approval');
  }
}

function urlProblems(url: unknown, field: string, options: ActionConfigOptions, at: At): void {
  for (const problem of outboundUrlProblems(url, { allowPrivate: options.allowPrivateUrls })) at(field, problem);
}

function optionalText(config: Record<string, unknown>, field: string, max: number, at: At): void {
  const value = config[field];
  if (value === undefined) return;
  if (typeof value !== 'string' || value.length === 0 || value.length > max) return at(field, `must be a string of 1 to ${max} characters`);
  placeholderProblems(value).forEach((problem) => at(field, problem));
}

function optionalUuid(config: Record<string, unknown>, field: string, at: At): void {
  const value = config[field];
  if (value !== undefined && (typeof value !== 'string' || !isUuid(value))) at(field, 'must be a uuid');
}
