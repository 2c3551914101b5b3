import { invalidValue, missingParameter, wrongType } from '../errors/meta-rejection';
import { mediaReference } from './media.validator';
import { arrayField, childPath, isObject, JsonObject, objectField, stringField } from './param-checks';
import { SendContent, SentTemplateComponent, SentTemplateParameter } from './send-content';

const PATH = 'template';
const COMPONENT_TYPES = ['header', 'body', 'button', 'carousel', 'limited_time_offer', 'tap_target_configuration'];
const BUTTON_SUB_TYPES = ['quick_reply', 'url', 'copy_code', 'flow', 'catalog', 'mpm', 'voice_call', 'otp'];
const PARAMETER_TYPES = [
  'text',
  'currency',
  'date_time',
  'image',
  'video',
  'document',
  'location',
  'payload',
  'coupon_code',
  'action',
  'product',
  'limited_time_offer',
  'tap_target_configuration',
];

/**
 * The shape of a template send (whatsapp-cloud-api.md §2.8). Whether the
 * template exists and the parameter counts match is decided afterwards
 * against the stored definition (template-parameters.checker.ts).
 */
export function validateTemplateMessage(template: JsonObject): SendContent {
  const name = stringField(template, 'name', PATH, {
    required: true,
    max: 512,
  });
  const language = objectField(template, 'language', PATH, { required: true });
  const languageCode = stringField(language, 'code', childPath(PATH, 'language'), { required: true });
  const policy = stringField(language, 'policy', childPath(PATH, 'language'));
  if (policy !== undefined && policy !== 'deterministic') invalidPolicy(policy);
  const components = (arrayField(template, 'components', PATH) ?? []).map(parseComponent);
  return { type: 'template', template: { name, languageCode, components } };
}

function invalidPolicy(policy: string): never {
  throw invalidValue(`Param template['language']['policy'] must be 'deterministic', received '${policy}'.`);
}

function parseComponent(component: unknown, index: number): SentTemplateComponent {
  const at = childPath(childPath(PATH, 'components'), index);
  if (!isObject(component)) throw wrongType(at, 'a JSON object');
  const type = stringField(component, 'type', at, {
    required: true,
  }).toLowerCase();
  if (!COMPONENT_TYPES.includes(type)) throw invalidValue(`Param ${at}['type'] must be one of {${COMPONENT_TYPES.join(', ')}}, received '${type}'.`);
  const parameters = (arrayField(component, 'parameters', at) ?? []).map((parameter, parameterIndex) =>
    parseParameter(parameter, childPath(childPath(at, 'parameters'), parameterIndex)),
  );
  if (type !== 'button') return { type, parameters };
  const subType = stringField(component, 'sub_type', at, {
    required: true,
  }).toLowerCase();
  if (!BUTTON_SUB_TYPES.includes(subType))
    throw invalidValue(`Param ${at}['sub_type'] must be one of {${BUTTON_SUB_TYPES.join(', ')}}, received '${subType}'.`);
  return {
    type,
    subType,
    index: buttonIndex(component['index'], childPath(at, 'index')),
    parameters,
  };
}

// Meta documents the index as a string "0".."9"; numbers are seen in the wild and accepted.
function buttonIndex(value: unknown, at: string): number {
  if (value === undefined || value === null || value === '') throw missingParameter(at, 131008);
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d$/.test(text)) throw invalidValue(`Param ${at} must be a number from 0 to 9.`);
  return Number(text);
}

function parseParameter(parameter: unknown, at: string): SentTemplateParameter {
  if (!isObject(parameter)) throw wrongType(at, 'a JSON object');
  const type = stringField(parameter, 'type', at, { required: true });
  if (!PARAMETER_TYPES.includes(type)) throw invalidValue(`Param ${at}['type'] must be one of {${PARAMETER_TYPES.join(', ')}}, received '${type}'.`);
  const name = stringField(parameter, 'parameter_name', at);
  if (name !== undefined && !/^[a-z_][a-z0-9_]*$/.test(name))
    throw invalidValue(`Param ${at}['parameter_name'] must contain only lowercase letters, digits and underscores.`);
  const value = parameterValue(parameter, type, at);
  return name === undefined ? { type, value } : { type, value, name };
}

function parameterValue(parameter: JsonObject, type: string, at: string): unknown {
  switch (type) {
    case 'text':
    case 'payload':
    case 'coupon_code':
      return stringField(parameter, type, at, { required: true, min: 0 });
    case 'currency': {
      const currency = objectField(parameter, 'currency', at, {
        required: true,
      });
      const currencyPath = childPath(at, 'currency');
      stringField(currency, 'fallback_value', currencyPath, { required: true });
      stringField(currency, 'code', currencyPath, {
        required: true,
        min: 3,
        max: 3,
      });
      const amount = currency['amount_1000'];
      if (amount === undefined || amount === null) throw missingParameter(childPath(currencyPath, 'amount_1000'), 131008);
      if (typeof amount !== 'number' || !Number.isInteger(amount)) throw wrongType(childPath(currencyPath, 'amount_1000'), 'an integer');
      return currency;
    }
    case 'date_time': {
      const dateTime = objectField(parameter, 'date_time', at, {
        required: true,
      });
      stringField(dateTime, 'fallback_value', childPath(at, 'date_time'), {
        required: true,
      });
      return dateTime;
    }
    case 'image':
    case 'video':
    case 'document': {
      const media = objectField(parameter, type, at, { required: true });
      mediaReference(media, childPath(at, type));
      return media;
    }
    default:
      return objectField(parameter, type, at, { required: true });
  }
}
