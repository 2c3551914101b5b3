/** The parts of the API's `TemplateView.parsed` the send form needs (libs/domain ParsedTemplate). */
export interface ParsedTemplateFields {
  parameterFormat?: string;
  header: { format: string; placeholders: string[]; example: string[] | null } | null;
  body: { text: string; placeholders: string[]; example: string[] | null } | null;
  buttons: Array<{ index: number; type: string; text: string | null; placeholders: string[]; requiresParameter: boolean; example: string[] | null }>;
}

export type VariableComponent = 'header' | 'body' | 'button';

/** One input of the template form. */
export interface TemplateVariable {
  component: VariableComponent;
  /** The placeholder ("1", "first_name") or, for a button, its index. */
  key: string;
  label: string;
  example: string | null;
}

/** What the template preview route takes: values per component, a list for {{1}}, {{2}}… or an object by name. */
export interface TemplateValues {
  header?: string[] | Record<string, string>;
  body?: string[] | Record<string, string>;
  buttons?: Record<string, string>;
}

export type VariableInputs = Record<string, string>;

export const inputKey = (variable: Pick<TemplateVariable, 'component' | 'key'>): string => `${variable.component}:${variable.key}`;

/** The inputs a template needs: its text header's and body's variables, and the buttons that take a parameter. */
export function templateVariables(parsed: ParsedTemplateFields): TemplateVariable[] {
  const variables: TemplateVariable[] = [];
  if (parsed.header?.format === 'TEXT') {
    parsed.header.placeholders.forEach((key, i) => variables.push({ component: 'header', key, label: `Header {{${key}}}`, example: parsed.header?.example?.[i] ?? null }));
  }
  parsed.body?.placeholders.forEach((key, i) => variables.push({ component: 'body', key, label: `Body {{${key}}}`, example: parsed.body?.example?.[i] ?? null }));
  for (const button of parsed.buttons) {
    if (button.requiresParameter) {
      variables.push({ component: 'button', key: String(button.index), label: `Button “${button.text ?? button.index}” (${button.type.toLowerCase()})`, example: button.example?.[0] ?? null });
    }
  }
  return variables;
}

/** The preview request for what the operator typed: positional values as a list in {{n}} order, named ones by name. */
export function templateValues(parsed: ParsedTemplateFields, variables: readonly TemplateVariable[], inputs: VariableInputs): TemplateValues {
  const named = parsed.parameterFormat === 'NAMED';
  const valuesOf = (component: 'header' | 'body'): string[] | Record<string, string> | undefined => {
    const own = variables.filter((variable) => variable.component === component);
    if (own.length === 0) return undefined;
    if (named) return Object.fromEntries(own.map((variable) => [variable.key, inputs[inputKey(variable)] ?? '']));
    const ordered = [...own].sort((a, b) => Number(a.key) - Number(b.key));
    return ordered.map((variable) => inputs[inputKey(variable)] ?? '');
  };
  const buttons = Object.fromEntries(variables.filter((variable) => variable.component === 'button').map((variable) => [variable.key, inputs[inputKey(variable)] ?? '']));
  return { header: valuesOf('header'), body: valuesOf('body'), ...(Object.keys(buttons).length > 0 ? { buttons } : {}) };
}
