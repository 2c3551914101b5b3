/**
 * Template definitions as Meta lists them (GET message_templates,
 * whatsapp-cloud-api.md §5.1: uppercase component types), parsed into what
 * wabus works with: the header's format and variable, the body's variables and
 * their count, the footer, and each button with what it needs at send time.
 * Example values are kept, so a preview can show a realistic message.
 */

export type TemplateParameterFormat = 'POSITIONAL' | 'NAMED';

/** A variable in a template text: `{{1}}` (positional) or `{{first_name}}` (named, lowercase and `_`). */
const PLACEHOLDER = /\{\{\s*([a-z_][a-z0-9_]*|\d+)\s*\}\}/g;

export const TEMPLATE_HEADER_FORMATS = ['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'] as const;
export const TEMPLATE_MEDIA_HEADER_FORMATS = ['IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'] as const;

export interface ParsedTemplateHeader {
  /** TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION (another word is kept as Meta wrote it). */
  format: string;
  /** Only for TEXT headers. */
  text: string | null;
  placeholders: string[];
  /** `header_text` values for a TEXT header, or `header_handle` for media. */
  example: string[] | null;
}

export interface ParsedTemplateBody {
  text: string;
  /** The distinct variables in order of first use. */
  placeholders: string[];
  parameterCount: number;
  /** One example value per placeholder, in the same order, when Meta has them. */
  example: string[] | null;
}

/** The `sub_type` a send uses for each button type (§2.8). */
export const BUTTON_SEND_SUB_TYPES: Readonly<Record<string, string>> = {
  QUICK_REPLY: 'quick_reply',
  URL: 'url',
  COPY_CODE: 'copy_code',
  // Authentication templates: the one-time code travels as a url-button parameter.
  OTP: 'url',
  FLOW: 'flow',
  CATALOG: 'catalog',
  MPM: 'mpm',
};

export interface ParsedTemplateButton {
  /** 0-based position in BUTTONS: the `index` of a send's button component. */
  index: number;
  /** QUICK_REPLY, URL, PHONE_NUMBER, COPY_CODE, OTP, FLOW, MPM, CATALOG, VOICE_CALL, APP, … */
  type: string;
  text: string | null;
  url: string | null;
  phoneNumber: string | null;
  /** The variables of a URL button (at most one, at the end: the dynamic suffix). */
  placeholders: string[];
  /** True when a send must give this button a parameter (dynamic URL suffix, coupon code, one-time code, products). */
  requiresParameter: boolean;
  /** The send component's `sub_type` for this button, or null when it takes no parameter at all. */
  sendSubType: string | null;
  example: string[] | null;
  flowId: string | null;
  otpType: string | null;
}

export interface ParsedTemplate {
  parameterFormat: TemplateParameterFormat;
  header: ParsedTemplateHeader | null;
  body: ParsedTemplateBody | null;
  footer: { text: string } | null;
  buttons: ParsedTemplateButton[];
  /** Component types wabus does not model (CAROUSEL, LIMITED_TIME_OFFER, …): kept as raw components. */
  otherComponents: string[];
}

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The distinct variables of a template text, in order of first use. */
export function templatePlaceholders(value: string | null | undefined): string[] {
  if (!value) return [];
  const names: string[] = [];
  for (const match of value.matchAll(PLACEHOLDER)) if (!names.includes(match[1])) names.push(match[1]);
  return names;
}

/** POSITIONAL unless a variable has a name; Meta's own `parameter_format` wins when it is given. */
export function templateParameterFormat(components: unknown, declared?: string | null): TemplateParameterFormat {
  if (declared === 'NAMED' || declared === 'POSITIONAL') return declared;
  const texts = componentList(components).flatMap((component) => [text(component.text), ...buttonList(component).map((button) => text(button.url))]);
  return texts.some((value) => templatePlaceholders(value).some((name) => !/^\d+$/.test(name))) ? 'NAMED' : 'POSITIONAL';
}

/** Parses Meta's component list; anything malformed is skipped, never thrown: a definition comes from Meta as is. */
export function parseTemplateComponents(components: unknown, declaredFormat?: string | null): ParsedTemplate {
  const list = componentList(components);
  const find = (type: string) => list.find((component) => String(component.type).toUpperCase() === type);
  const known = new Set(['HEADER', 'BODY', 'FOOTER', 'BUTTONS']);
  const footer = find('FOOTER');
  return {
    parameterFormat: templateParameterFormat(list, declaredFormat),
    header: parseHeader(find('HEADER')),
    body: parseBody(find('BODY')),
    footer: footer && text(footer.text) !== null ? { text: text(footer.text) ?? '' } : null,
    buttons: buttonList(find('BUTTONS')).map(parseButton),
    otherComponents: list.map((component) => String(component.type).toUpperCase()).filter((type) => !known.has(type)),
  };
}

function componentList(components: unknown): Json[] {
  return Array.isArray(components) ? components.filter(isRecord) : [];
}

function buttonList(component: Json | undefined): Json[] {
  return component && Array.isArray(component.buttons) ? component.buttons.filter(isRecord) : [];
}

function parseHeader(component: Json | undefined): ParsedTemplateHeader | null {
  if (!component) return null;
  const format = String(component.format ?? 'TEXT').toUpperCase();
  const headerText = format === 'TEXT' ? text(component.text) ?? '' : null;
  const placeholders = templatePlaceholders(headerText);
  const example = isRecord(component.example) ? component.example : {};
  const values =
    format === 'TEXT' ? exampleValues(example.header_text, example.header_text_named_params, placeholders) : stringList(example.header_handle);
  return { format, text: headerText, placeholders, example: values };
}

function parseBody(component: Json | undefined): ParsedTemplateBody | null {
  if (!component) return null;
  const bodyText = text(component.text) ?? '';
  const placeholders = templatePlaceholders(bodyText);
  const example = isRecord(component.example) ? component.example : {};
  // body_text is a list of example rows; Meta documents one row.
  const positional = Array.isArray(example.body_text) ? example.body_text[0] : undefined;
  return {
    text: bodyText,
    placeholders,
    parameterCount: placeholders.length,
    example: exampleValues(positional, example.body_text_named_params, placeholders),
  };
}

function parseButton(button: Json, index: number): ParsedTemplateButton {
  const type = String(button.type ?? '').toUpperCase();
  const url = text(button.url);
  const placeholders = type === 'URL' ? templatePlaceholders(url) : [];
  const requiresParameter = (type === 'URL' && placeholders.length > 0) || type === 'COPY_CODE' || type === 'OTP' || type === 'MPM';
  return {
    index,
    type,
    text: text(button.text),
    url,
    phoneNumber: text(button.phone_number),
    placeholders,
    requiresParameter,
    sendSubType: BUTTON_SEND_SUB_TYPES[type] ?? null,
    example: stringList(button.example) ?? (typeof button.example === 'string' ? [button.example] : null),
    flowId: text(button.flow_id) ?? (typeof button.flow_id === 'number' ? String(button.flow_id) : null),
    otpType: text(button.otp_type),
  };
}

/** Example values in placeholder order, from a positional list or from Meta's `[{param_name, example}]`. */
function exampleValues(positional: unknown, named: unknown, placeholders: string[]): string[] | null {
  const list = stringList(positional);
  if (list) return list;
  if (!Array.isArray(named)) return null;
  const byName = new Map<string, string>();
  for (const entry of named) if (isRecord(entry) && typeof entry.param_name === 'string') byName.set(entry.param_name, String(entry.example ?? ''));
  return byName.size === 0 ? null : placeholders.map((name) => byName.get(name) ?? '');
}

function stringList(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number') ? value.map(String) : null;
}
