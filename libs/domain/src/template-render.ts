import type { TemplateComponent, TemplateParameter } from './message-types';
import type { ParsedTemplate } from './template-definition';

/**
 * Fills a template's variables and answers the text the customer will read:
 * the header, body and footer, and each button's label and final URL. A
 * variable without a value stays as written (`{{2}}`) and is listed in
 * `missing`, so a preview shows exactly what is incomplete.
 */

/** Values for one component: in placeholder order (`["Pablo", "42"]` for {{1}}, {{2}}), or by name. */
export type TemplateValues = readonly string[] | Readonly<Record<string, string>>;

export interface TemplateFill {
  header?: TemplateValues;
  body?: TemplateValues;
  /** By button index (`"0"`): the URL suffix, the coupon or one-time code, or a quick reply's payload. */
  buttons?: Readonly<Record<string, string>>;
}

export interface RenderedTemplateButton {
  index: number;
  type: string;
  text: string | null;
  /** A URL button's address with its suffix filled in. */
  url: string | null;
  phoneNumber: string | null;
  /** What the send gives this button (suffix, code, payload), when anything. */
  value: string | null;
}

export interface RenderedTemplate {
  /** The header's text; null for media headers (see headerFormat) and templates without a header. */
  header: string | null;
  headerFormat: string | null;
  body: string | null;
  footer: string | null;
  buttons: RenderedTemplateButton[];
  /** Variables that got no value, e.g. `body {{2}}` or `button 0 {{1}}`. */
  missing: string[];
}

const PLACEHOLDER = /\{\{\s*([a-z_][a-z0-9_]*|\d+)\s*\}\}/g;

export function renderTemplate(template: ParsedTemplate, fill: TemplateFill = {}): RenderedTemplate {
  const missing: string[] = [];
  const header = template.header;
  return {
    header: header?.text != null ? fillText(header.text, header.placeholders, fill.header, 'header', missing) : null,
    headerFormat: header?.format ?? null,
    body: template.body ? fillText(template.body.text, template.body.placeholders, fill.body, 'body', missing) : null,
    footer: template.footer?.text ?? null,
    buttons: template.buttons.map((button) => {
      const value = fill.buttons?.[String(button.index)] ?? null;
      const url = button.url !== null && button.placeholders.length > 0 ? fillText(button.url, button.placeholders, value === null ? undefined : [value], `button ${button.index}`, missing) : button.url;
      if (button.requiresParameter && button.placeholders.length === 0 && value === null) missing.push(`button ${button.index} ${button.type.toLowerCase()}`);
      return { index: button.index, type: button.type, text: button.text, url, phoneNumber: button.phoneNumber, value };
    }),
    missing,
  };
}

/**
 * The `components` of a send (§2.8) that carry a fill: text parameters for a
 * text header and the body (with `parameter_name` for named templates), one
 * component per button that has a value. A media header needs its media and
 * is left to the caller.
 */
export function templateComponentsFromFill(template: ParsedTemplate, fill: TemplateFill): TemplateComponent[] {
  const named = template.parameterFormat === 'NAMED';
  const textParameters = (placeholders: string[], values: TemplateValues | undefined): TemplateParameter[] =>
    placeholders.map((name) => {
      const text = valueFor(name, placeholders, values) ?? '';
      return named ? { type: 'text', text, parameter_name: name } : { type: 'text', text };
    });
  const components: TemplateComponent[] = [];
  if (template.header?.format === 'TEXT' && template.header.placeholders.length > 0) {
    components.push({ type: 'header', parameters: textParameters(template.header.placeholders, fill.header) });
  }
  if (template.body && template.body.placeholders.length > 0) components.push({ type: 'body', parameters: textParameters(template.body.placeholders, fill.body) });
  for (const button of template.buttons) {
    const value = fill.buttons?.[String(button.index)];
    if (value === undefined || button.sendSubType === null) continue;
    const parameter: TemplateParameter =
      button.type === 'QUICK_REPLY' ? { type: 'payload', payload: value } : button.type === 'COPY_CODE' ? { type: 'coupon_code', coupon_code: value } : { type: 'text', text: value };
    components.push({ type: 'button', sub_type: button.sendSubType as Extract<TemplateComponent, { type: 'button' }>['sub_type'], index: String(button.index), parameters: [parameter] });
  }
  return components;
}

/** Example values as a fill: what Meta reviewed, for a preview without parameters. */
export function exampleFill(template: ParsedTemplate): TemplateFill {
  const buttons: Record<string, string> = {};
  for (const button of template.buttons) {
    const example = button.example?.[0];
    if (example === undefined) continue;
    // A URL button's example is the whole address; its suffix is what follows the fixed part.
    const fixed = button.url?.split('{{')[0];
    buttons[String(button.index)] = fixed && example.startsWith(fixed) ? example.slice(fixed.length) : example;
  }
  return { header: template.header?.example ?? undefined, body: template.body?.example ?? undefined, buttons };
}

/**
 * A send's `components` (§2.8: lowercase `header`/`body`/`button` with typed
 * parameters) as a fill: text parameters give their text, currency and date
 * parameters their fallback value (Cloud API renders the fallback), buttons
 * their suffix, code or payload. Media parameters have no text.
 */
export function templateFillFromComponents(components: unknown): TemplateFill {
  const fill: { header?: TemplateValues; body?: TemplateValues; buttons: Record<string, string> } = { buttons: {} };
  for (const component of Array.isArray(components) ? components : []) {
    if (!isRecord(component)) continue;
    const parameters = Array.isArray(component.parameters) ? component.parameters.filter(isRecord) : [];
    const type = String(component.type).toLowerCase();
    if (type === 'header' || type === 'body') fill[type] = componentValues(parameters);
    if (type === 'button') {
      const value = parameters.length > 0 ? parameterText(parameters[0]) : undefined;
      if (value !== undefined) fill.buttons[String(component.index)] = value;
    }
  }
  return fill;
}

function componentValues(parameters: Record<string, unknown>[]): TemplateValues {
  const named = parameters.some((parameter) => typeof parameter.parameter_name === 'string');
  if (!named) return parameters.map((parameter) => parameterText(parameter) ?? '');
  const values: Record<string, string> = {};
  for (const parameter of parameters) {
    if (typeof parameter.parameter_name === 'string') values[parameter.parameter_name] = parameterText(parameter) ?? '';
  }
  return values;
}

/** The readable value of one send parameter, or undefined for media and unknown types. */
export function parameterText(parameter: Record<string, unknown>): string | undefined {
  const nested = (key: string, field: string) => (isRecord(parameter[key]) ? (parameter[key] as Record<string, unknown>)[field] : undefined);
  const value: unknown = (() => {
    switch (parameter.type) {
      case 'text':
        return parameter.text;
      case 'currency':
        return nested('currency', 'fallback_value');
      case 'date_time':
        return nested('date_time', 'fallback_value');
      case 'payload':
        return parameter.payload;
      case 'coupon_code':
        return parameter.coupon_code;
      default:
        return undefined;
    }
  })();
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function fillText(text: string, placeholders: string[], values: TemplateValues | undefined, label: string, missing: string[]): string {
  return text.replace(PLACEHOLDER, (written, name: string) => {
    const value = valueFor(name, placeholders, values);
    if (value !== undefined) return value;
    const entry = `${label} {{${name}}}`;
    if (!missing.includes(entry)) missing.push(entry);
    return written;
  });
}

function valueFor(name: string, placeholders: string[], values: TemplateValues | undefined): string | undefined {
  if (values === undefined) return undefined;
  if (isStringList(values)) {
    // Positional: {{1}} is the first value. Named, given as a list: in order of first use.
    const position = /^\d+$/.test(name) ? Number(name) - 1 : placeholders.indexOf(name);
    return position >= 0 && position < values.length ? values[position] : undefined;
  }
  const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function isStringList(values: TemplateValues): values is readonly string[] {
  return Array.isArray(values);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
