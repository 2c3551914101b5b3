import { invalidValue, MetaRejection } from '../errors/meta-rejection';
import { SentTemplate, SentTemplateComponent, SentTemplateParameter, TemplateQuickReply } from './send-content';
import { TemplateDefinition, TemplateDefinitionButton, TemplateDefinitionComponent, templatePlaceholders } from './template-definition';

const MEDIA_FORMATS = ['IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'];
const BODY_PARAMETER_TYPES = ['text', 'currency', 'date_time'];
// Meta refuses newlines, tabs and runs of more than 4 spaces inside a text parameter (the template body itself may have them).
const FORBIDDEN_TEXT = /[\n\t]| {5,}/;
// The sub_type a send uses for each button type of a definition (OTP codes travel as `url`).
const SUB_TYPE_OF: Record<string, string[]> = {
  QUICK_REPLY: ['quick_reply'],
  URL: ['url'],
  COPY_CODE: ['copy_code'],
  OTP: ['url', 'copy_code'],
  FLOW: ['flow'],
  CATALOG: ['catalog'],
  MPM: ['mpm'],
  VOICE_CALL: ['voice_call'],
};

/** What Meta's message says when a component's parameter count is wrong (§2.8). */
export function countMismatch(component: string, received: number, expected: number): MetaRejection {
  return new MetaRejection(132000, {
    details: `${component}: number of localizable_params (${received}) does not match the expected number of params (${expected})`,
  });
}

/**
 * Checks a template send against the approved definition, as Meta does at
 * send time: parameter counts per component (132000), formats (132012), text
 * parameter hygiene (132018), dynamic buttons (131008). Returns the quick-reply
 * buttons with the payloads sent, which a later tap echoes back.
 */
export function checkTemplateParameters(definition: TemplateDefinition, sent: SentTemplate): TemplateQuickReply[] {
  const named = definition.parameter_format === 'NAMED';
  const header = definitionComponent(definition, 'HEADER');
  const body = definitionComponent(definition, 'BODY');
  checkHeader(header, sentComponent(sent, 'header'), named);
  checkBody(body, sentComponent(sent, 'body'), named);
  const buttons = definitionComponent(definition, 'BUTTONS')?.buttons ?? [];
  return checkButtons(
    buttons,
    sent.components.filter((component) => component.type === 'button'),
  );
}

function definitionComponent(definition: TemplateDefinition, type: string): TemplateDefinitionComponent | undefined {
  return definition.components.find((component) => component.type.toUpperCase() === type);
}

function sentComponent(sent: SentTemplate, type: string): SentTemplateComponent | undefined {
  return sent.components.find((component) => component.type === type);
}

function checkHeader(definition: TemplateDefinitionComponent | undefined, sent: SentTemplateComponent | undefined, named: boolean): void {
  const parameters = sent?.parameters ?? [];
  const format = (definition?.format ?? 'TEXT').toUpperCase();
  if (definition && MEDIA_FORMATS.includes(format)) {
    if (parameters.length !== 1) throw countMismatch('header', parameters.length, 1);
    const received = parameters[0].type.toUpperCase();
    if (received !== format)
      throw new MetaRejection(132012, {
        details: `header: Format mismatch, expected ${format}, received ${received}`,
      });
    return;
  }
  const expected = definition ? templatePlaceholders(definition.text) : [];
  if (parameters.length !== expected.length) throw countMismatch('header', parameters.length, expected.length);
  checkTextParameters('header', parameters, expected, named, 60);
}

function checkBody(definition: TemplateDefinitionComponent | undefined, sent: SentTemplateComponent | undefined, named: boolean): void {
  const parameters = sent?.parameters ?? [];
  const expected = definition ? templatePlaceholders(definition.text) : [];
  if (parameters.length !== expected.length) throw countMismatch('body', parameters.length, expected.length);
  for (const parameter of parameters) {
    if (!BODY_PARAMETER_TYPES.includes(parameter.type)) {
      throw new MetaRejection(132012, {
        details: `body: Format mismatch, expected TEXT, received ${parameter.type.toUpperCase()}`,
      });
    }
  }
  checkTextParameters('body', parameters, expected, named, 32768);
}

function checkTextParameters(component: string, parameters: SentTemplateParameter[], expected: string[], named: boolean, maxLength: number): void {
  for (const parameter of parameters) {
    if (parameter.type !== 'text') continue;
    const text = parameter.value as string;
    if (FORBIDDEN_TEXT.test(text)) throw new MetaRejection(132018);
    if (text.length > maxLength)
      throw new MetaRejection(132005, {
        details: `${component}: parameter text is longer than ${maxLength} characters`,
      });
  }
  if (!named) return;
  for (const parameter of parameters) {
    if (parameter.name === undefined)
      throw new MetaRejection(100, {
        details: `${component}: every parameter of a template with named parameters needs a parameter_name`,
      });
  }
  const missing = expected.find((name) => !parameters.some((parameter) => parameter.name === name));
  if (missing !== undefined)
    throw new MetaRejection(131008, {
      details: `${component}: parameter '${missing}' is missing`,
    });
}

function checkButtons(definitions: TemplateDefinitionButton[], sent: SentTemplateComponent[]): TemplateQuickReply[] {
  const byIndex = new Map<number, SentTemplateComponent>();
  for (const component of sent) {
    const index = component.index as number;
    const definition = definitions[index];
    if (!definition) throw invalidValue(`buttons: Button at index ${index} does not exist in the template (it has ${definitions.length} buttons)`);
    if (byIndex.has(index)) throw invalidValue(`buttons: Button at index ${index} appears more than once`);
    const type = definition.type.toUpperCase();
    if (!(SUB_TYPE_OF[type] ?? [type.toLowerCase()]).includes(component.subType as string)) {
      throw new MetaRejection(132012, {
        details: `buttons: Button at index ${index} is of type ${buttonTypeName(type)}, received sub_type ${component.subType}`,
      });
    }
    byIndex.set(index, component);
  }
  definitions.forEach((definition, index) => checkButton(definition, index, byIndex.get(index)));
  return definitions.flatMap((definition, index) => {
    if (definition.type.toUpperCase() !== 'QUICK_REPLY') return [];
    const payload = byIndex.get(index)?.parameters.find((parameter) => parameter.type === 'payload')?.value as string | undefined;
    const text = definition.text ?? '';
    return payload === undefined ? [{ index, text }] : [{ index, text, payload }];
  });
}

function checkButton(definition: TemplateDefinitionButton, index: number, sent: SentTemplateComponent | undefined): void {
  const type = definition.type.toUpperCase();
  const received = sent?.parameters.length ?? 0;
  const expected = type === 'URL' ? templatePlaceholders(definition.url).length : type === 'COPY_CODE' || type === 'OTP' ? 1 : undefined;
  if (expected === undefined) {
    if (received > 1) throw countMismatch('buttons', received, 1);
    return;
  }
  if (expected > 0 && received === 0) {
    throw new MetaRejection(131008, {
      details: `buttons: Button at index ${index} of type ${buttonTypeName(type)} requires a parameter`,
    });
  }
  if (received !== expected) throw countMismatch('buttons', received, expected);
}

// Meta writes button types this way in its details ("of type Url").
function buttonTypeName(type: string): string {
  return type.charAt(0) + type.slice(1).toLowerCase();
}
