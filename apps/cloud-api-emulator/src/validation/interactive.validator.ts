import { invalidValue, wrongType } from '../errors/meta-rejection';
import { mediaReference } from './media.validator';
import { arrayField, childPath, httpUrlField, isObject, JsonObject, objectField, stringField } from './param-checks';
import { ReplyChoice, SendContent } from './send-content';

const PATH = 'interactive';
const KNOWN_SUBTYPES = [
  'button',
  'list',
  'cta_url',
  'product',
  'product_list',
  'flow',
  'location_request_message',
  'address_message',
  'catalog_message',
  'call_permission_request',
  'voice_call',
];
const MEDIA_HEADERS = ['image', 'video', 'document'];

/**
 * Interactive messages (whatsapp-cloud-api.md §2.7): the limits of reply
 * buttons, lists and CTA URLs are checked exactly; the catalogue, flow and
 * other kinds are accepted with their common parts checked, since their
 * content depends on objects (catalogues, flows) the emulator does not model.
 */
export function validateInteractive(interactive: JsonObject): SendContent {
  const subtype = stringField(interactive, 'type', PATH, { required: true });
  if (!KNOWN_SUBTYPES.includes(subtype)) {
    throw invalidValue(`Param interactive['type'] must be one of {${KNOWN_SUBTYPES.join(', ')}}, received '${subtype}'.`);
  }
  switch (subtype) {
    case 'button':
      return validateReplyButtons(interactive);
    case 'list':
      return validateList(interactive);
    case 'cta_url':
      return validateCtaUrl(interactive);
    default:
      validateCommonParts(interactive, {
        bodyMax: 1024,
        bodyRequired: false,
        headerKinds: ['text', ...MEDIA_HEADERS],
      });
      return { type: 'interactive', subtype };
  }
}

interface CommonRules {
  bodyMax: number;
  bodyRequired: boolean;
  headerKinds: string[];
}

function validateCommonParts(interactive: JsonObject, rules: CommonRules): void {
  const body = objectField(interactive, 'body', PATH, {
    required: rules.bodyRequired,
  });
  if (body)
    stringField(body, 'text', childPath(PATH, 'body'), {
      required: true,
      max: rules.bodyMax,
    });
  const footer = objectField(interactive, 'footer', PATH);
  if (footer)
    stringField(footer, 'text', childPath(PATH, 'footer'), {
      required: true,
      max: 60,
    });
  const header = objectField(interactive, 'header', PATH);
  if (header) validateHeader(header, rules.headerKinds);
}

function validateHeader(header: JsonObject, kinds: string[]): void {
  const at = childPath(PATH, 'header');
  const kind = stringField(header, 'type', at, { required: true });
  if (!kinds.includes(kind)) throw invalidValue(`Param ${at}['type'] must be one of {${kinds.join(', ')}}, received '${kind}'.`);
  if (kind === 'text') {
    stringField(header, 'text', at, { required: true, max: 60 });
    return;
  }
  mediaReference(objectField(header, kind, at, { required: true }), childPath(at, kind));
}

function validateReplyButtons(interactive: JsonObject): SendContent {
  validateCommonParts(interactive, {
    bodyMax: 1024,
    bodyRequired: true,
    headerKinds: ['text', ...MEDIA_HEADERS],
  });
  const action = objectField(interactive, 'action', PATH, { required: true });
  const actionPath = childPath(PATH, 'action');
  const buttons = arrayField(action, 'buttons', actionPath, { required: true });
  if (buttons.length < 1 || buttons.length > 3) {
    throw invalidValue(`Invalid buttons count. Min allowed buttons: 1, Max allowed buttons: 3, received: ${buttons.length}.`);
  }
  const choices: ReplyChoice[] = buttons.map((button, index) => {
    const at = childPath(childPath(actionPath, 'buttons'), index);
    if (!isObject(button)) throw wrongType(at, 'a JSON object');
    const type = stringField(button, 'type', at, { required: true });
    if (type !== 'reply') throw invalidValue(`Param ${at}['type'] must be 'reply', received '${type}'.`);
    const reply = objectField(button, 'reply', at, { required: true });
    const replyPath = childPath(at, 'reply');
    const id = stringField(reply, 'id', replyPath, {
      required: true,
      max: 256,
    });
    if (id.trim() !== id) throw invalidValue(`Param ${replyPath}['id'] must not have leading or trailing spaces.`);
    const title = stringField(reply, 'title', replyPath);
    if (title === undefined) throw invalidValue('Button title length invalid. Min length: 1, Max length: 20');
    const length = [...title].length;
    if (length < 1 || length > 20) throw invalidValue('Button title length invalid. Min length: 1, Max length: 20');
    return { id, title };
  });
  assertUnique(
    choices.map((choice) => choice.id),
    'Duplicate button id',
  );
  assertUnique(
    choices.map((choice) => choice.title),
    'Duplicate button title',
  );
  return { type: 'interactive', subtype: 'button', buttons: choices };
}

function validateList(interactive: JsonObject): SendContent {
  validateCommonParts(interactive, {
    bodyMax: 4096,
    bodyRequired: true,
    headerKinds: ['text'],
  });
  const action = objectField(interactive, 'action', PATH, { required: true });
  const actionPath = childPath(PATH, 'action');
  stringField(action, 'button', actionPath, { required: true, max: 20 });
  const sections = arrayField(action, 'sections', actionPath, {
    required: true,
  });
  if (sections.length < 1 || sections.length > 10) {
    throw invalidValue(`Invalid sections count. Min allowed sections: 1, Max allowed sections: 10, received: ${sections.length}.`);
  }
  const rows: ReplyChoice[] = [];
  sections.forEach((section, sectionIndex) => {
    const at = childPath(childPath(actionPath, 'sections'), sectionIndex);
    if (!isObject(section)) throw wrongType(at, 'a JSON object');
    stringField(section, 'title', at, {
      required: sections.length > 1,
      max: 24,
    });
    const sectionRows = arrayField(section, 'rows', at, { required: true });
    if (sectionRows.length < 1) throw invalidValue(`Param ${at}['rows'] must contain at least one row.`);
    sectionRows.forEach((row, rowIndex) => {
      const rowPath = childPath(childPath(at, 'rows'), rowIndex);
      if (!isObject(row)) throw wrongType(rowPath, 'a JSON object');
      const id = stringField(row, 'id', rowPath, { required: true, max: 200 });
      const title = stringField(row, 'title', rowPath, {
        required: true,
        max: 24,
      });
      const description = stringField(row, 'description', rowPath, { max: 72 });
      rows.push(description === undefined ? { id, title } : { id, title, description });
    });
  });
  if (rows.length > 10) throw invalidValue(`Total row count exceed max allowed count: 10, received: ${rows.length}.`);
  assertUnique(
    rows.map((row) => row.id),
    'Duplicate row id',
  );
  return { type: 'interactive', subtype: 'list', rows };
}

function validateCtaUrl(interactive: JsonObject): SendContent {
  validateCommonParts(interactive, {
    bodyMax: 1024,
    bodyRequired: true,
    headerKinds: ['text', ...MEDIA_HEADERS],
  });
  const action = objectField(interactive, 'action', PATH, { required: true });
  const actionPath = childPath(PATH, 'action');
  const name = stringField(action, 'name', actionPath, { required: true });
  if (name !== 'cta_url') throw invalidValue(`Param ${actionPath}['name'] must be 'cta_url', received '${name}'.`);
  const parameters = objectField(action, 'parameters', actionPath, {
    required: true,
  });
  const parametersPath = childPath(actionPath, 'parameters');
  stringField(parameters, 'display_text', parametersPath, {
    required: true,
    max: 20,
  });
  httpUrlField(parameters, 'url', parametersPath, { required: true });
  return { type: 'interactive', subtype: 'cta_url' };
}

function assertUnique(values: string[], what: string): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw invalidValue(`${what}: '${value}' appears more than once; each must be unique within the message.`);
    seen.add(value);
  }
}
