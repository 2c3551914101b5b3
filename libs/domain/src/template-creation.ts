import { templatePlaceholders } from './template-definition';
import { TEMPLATE_CATEGORIES } from './template-record';

/**
 * The rules of `POST /{waba-id}/message_templates` (§5.1, §5.3) that a request
 * can break, checked before it is forwarded, so an operator reads every
 * problem at once, by field, instead of Meta's one code-100 answer at a time.
 * Meta still reviews the content; these are only the rules of the format.
 */

export interface TemplateCreationInput {
  name: string;
  language: string;
  category: string;
  components: unknown;
  parameterFormat?: string | null;
}

export interface TemplateCreationProblem {
  /** A dotted path into the request, e.g. `components.1.text`. */
  field: string;
  problem: string;
}

export const TEMPLATE_NAME_PATTERN = /^[a-z0-9_]{1,512}$/;
/** Meta's locale codes: `en`, `en_US`, `pt_BR`, `zh_CN`, `fil`, … */
export const TEMPLATE_LANGUAGE_PATTERN = /^[a-z]{2,3}(_[A-Z]{2,4})?$/;
const MAX_BUTTONS = 10;
const LIMITS: Readonly<Record<string, number>> = { HEADER: 60, BODY: 1024, FOOTER: 60 };
const SINGLE = ['HEADER', 'BODY', 'FOOTER', 'BUTTONS'];

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export function templateCreationProblems(input: TemplateCreationInput): TemplateCreationProblem[] {
  const problems: TemplateCreationProblem[] = [];
  const add = (field: string, problem: string) => problems.push({ field, problem });
  if (!TEMPLATE_NAME_PATTERN.test(input.name)) add('name', 'must be lowercase letters, digits and underscores, at most 512 characters');
  if (!TEMPLATE_LANGUAGE_PATTERN.test(input.language)) add('language', 'must be a locale code such as en, en_US or pt_BR');
  const category = String(input.category).toUpperCase();
  if (!(TEMPLATE_CATEGORIES as readonly string[]).includes(category)) add('category', `must be one of ${TEMPLATE_CATEGORIES.join(', ')}`);
  if (!Array.isArray(input.components) || !input.components.every(isRecord)) {
    add('components', 'must be a list of component objects');
    return problems;
  }
  const components = input.components as Json[];
  const types = components.map((component) => String(component.type).toUpperCase());
  for (const type of SINGLE) if (types.filter((candidate) => candidate === type).length > 1) add('components', `has more than one ${type} component`);
  if (!types.includes('BODY') && category !== 'AUTHENTICATION') add('components', 'needs a BODY component');
  const format = input.parameterFormat ?? null;
  if (format !== null && format !== 'POSITIONAL' && format !== 'NAMED') add('parameterFormat', 'must be POSITIONAL or NAMED');
  components.forEach((component, index) => componentProblems(component, `components.${index}`, format === 'NAMED', add));
  return problems;
}

function componentProblems(component: Json, path: string, named: boolean, add: (field: string, problem: string) => void): void {
  const type = String(component.type).toUpperCase();
  const text = typeof component.text === 'string' ? component.text : null;
  const limit = LIMITS[type];
  if (limit !== undefined && text !== null && [...text].length > limit) add(`${path}.text`, `${type} text must be at most ${limit} characters`);
  const variables = templatePlaceholders(text);
  if (type === 'BODY' && text === null) add(`${path}.text`, 'the body needs a text');
  if (type === 'FOOTER' && variables.length > 0) add(`${path}.text`, 'a footer cannot contain variables');
  if (type === 'HEADER' && variables.length > 1) add(`${path}.text`, 'a header can contain at most one variable');
  if (type === 'BODY' && text !== null && /^\s*\{\{[^}]*\}\}|\{\{[^}]*\}\}\s*$/.test(text)) add(`${path}.text`, 'the body cannot start or end with a variable');
  variableProblems(variables, named, `${path}.text`, add);
  if ((type === 'BODY' || type === 'HEADER') && variables.length > 0 && !isRecord(component.example)) {
    add(`${path}.example`, `Meta needs example values for the ${type.toLowerCase()}'s variables`);
  }
  if (type === 'BUTTONS') buttonProblems(component.buttons, `${path}.buttons`, add);
  if (!['HEADER', 'BODY', 'FOOTER', 'BUTTONS'].includes(type)) add(`${path}.type`, 'must be HEADER, BODY, FOOTER or BUTTONS');
}

/** Positional variables run {{1}}, {{2}}, … without gaps; named ones are lowercase; the two never mix. */
function variableProblems(variables: string[], named: boolean, field: string, add: (field: string, problem: string) => void): void {
  const positional = variables.filter((name) => /^\d+$/.test(name));
  if (positional.length > 0 && positional.length < variables.length) add(field, 'mixes named and numbered variables');
  if (named && positional.length > 0) add(field, 'uses numbered variables, but parameterFormat is NAMED');
  if (!named && positional.length < variables.length) add(field, 'uses named variables: set parameterFormat to NAMED');
  const numbers = positional.map(Number).sort((a, b) => a - b);
  if (numbers.some((value, index) => value !== index + 1)) add(field, 'numbered variables must run {{1}}, {{2}}, … without gaps');
}

function buttonProblems(buttons: unknown, path: string, add: (field: string, problem: string) => void): void {
  if (!Array.isArray(buttons) || buttons.length === 0) {
    add(path, 'BUTTONS needs a list of buttons');
    return;
  }
  if (buttons.length > MAX_BUTTONS) add(path, `at most ${MAX_BUTTONS} buttons`);
  buttons.forEach((button, index) => {
    const field = `${path}.${index}`;
    if (!isRecord(button)) return add(field, 'must be an object');
    const type = String(button.type).toUpperCase();
    if (type !== 'OTP' && (typeof button.text !== 'string' || button.text === '')) add(`${field}.text`, 'a button needs a label');
    if (type === 'URL') {
      const url = typeof button.url === 'string' ? button.url : '';
      const variables = templatePlaceholders(url);
      if (!/^https?:\/\//.test(url)) add(`${field}.url`, 'must be an http(s) URL');
      if (variables.length > 1 || (variables.length === 1 && !/\{\{\s*1\s*\}\}\s*$/.test(url))) add(`${field}.url`, 'may only end with one variable, {{1}}');
      if (variables.length === 1 && button.example === undefined) add(`${field}.example`, 'Meta needs an example URL for the variable');
    }
    if (type === 'PHONE_NUMBER' && !(typeof button.phone_number === 'string' && /^\+?[0-9]{6,20}$/.test(button.phone_number))) {
      add(`${field}.phone_number`, 'must be a phone number with its country code');
    }
  });
}
