import { invalidValue, MetaRejection, missingParameter, wrongType } from '../errors/meta-rejection';
import { validateContacts } from './contacts.validator';
import { validateInteractive } from './interactive.validator';
import { validateLocation } from './location.validator';
import { isMalformedJson, MALFORMED_JSON, MalformedJson } from './malformed-json';
import { validateMedia } from './media.validator';
import { arrayField, isObject, JsonObject, objectField, stringField } from './param-checks';
import { validateReaction } from './reaction.validator';
import { recipientWaId } from './recipient';
import { MEDIA_TYPES, MediaType, SendContent, SendRequest } from './send-content';
import { validateTemplateMessage } from './template-message.validator';
import { validateText } from './text.validator';

type ObjectValidator = (value: JsonObject) => SendContent;

const OBJECT_VALIDATORS: Record<string, ObjectValidator> = {
  text: validateText,
  location: validateLocation,
  interactive: validateInteractive,
  template: validateTemplateMessage,
  reaction: validateReaction,
  ...Object.fromEntries(MEDIA_TYPES.map((type) => [type, (value: JsonObject) => validateMedia(type as MediaType, value)])),
};

/**
 * The envelope of `POST /{phone-number-id}/messages` (whatsapp-cloud-api.md
 * §2.1, §2.9): a message of one of the types we send, or a read receipt with
 * an optional typing indicator. Throws the MetaRejection Meta would answer.
 */
export function validateSendRequest(body: unknown): SendRequest {
  if (isMalformedJson(body)) throw malformedBody(body);
  if (!isObject(body))
    throw new MetaRejection(100, {
      details: 'The request body must be a JSON object.',
    });
  const product = body['messaging_product'];
  if (product === undefined || product === null || product === '') throw missingParameter('messaging_product');
  if (product !== 'whatsapp') throw invalidValue(`Param messaging_product must be 'whatsapp', received '${String(product)}'.`);
  if (body['status'] !== undefined) return validateReadReceipt(body);

  const recipientType = stringField(body, 'recipient_type', '');
  if (recipientType !== undefined && recipientType !== 'individual') {
    throw invalidValue(`Param recipient_type must be 'individual', received '${recipientType}' (group messaging is not emulated).`);
  }
  const to = stringField(body, 'to', '', { required: true, missingCode: 100 });
  const waId = recipientWaId(to);
  // Meta defaults `type` to text when it is omitted.
  const type = stringField(body, 'type', '') ?? 'text';
  const content = validateContent(body, type);
  const context = objectField(body, 'context', '');
  const contextMessageId = context ? stringField(context, 'message_id', 'context', { required: true }) : undefined;
  const bizOpaqueCallbackData = stringField(body, 'biz_opaque_callback_data', '', { max: 512 });
  return {
    kind: 'message',
    to,
    waId,
    type: content.type,
    content,
    contextMessageId,
    bizOpaqueCallbackData,
  };
}

/** Graph answers a body that is not JSON with code 100, like any unreadable parameter. */
export function malformedBody(body: MalformedJson): MetaRejection {
  return new MetaRejection(100, {
    details: `The request body is not valid JSON: ${body[MALFORMED_JSON]}`,
  });
}

function validateContent(body: JsonObject, type: string): SendContent {
  if (type === 'contacts') return validateContacts(arrayField(body, 'contacts', '', { required: true, missingCode: 100 }));
  const validator = Object.prototype.hasOwnProperty.call(OBJECT_VALIDATORS, type) ? OBJECT_VALIDATORS[type] : undefined;
  if (!validator)
    throw new MetaRejection(131051, {
      details: `Message type '${type}' is not supported. Supported types: text, image, video, audio, document, sticker, location, contacts, interactive, template, reaction.`,
    });
  const value = body[type];
  if (value === undefined || value === null) throw missingParameter(type);
  if (!isObject(value)) throw wrongType(type, 'a JSON object');
  return validator(value);
}

function validateReadReceipt(body: JsonObject): SendRequest {
  const status = body['status'];
  if (status !== 'read') throw invalidValue(`Param status must be 'read', received '${String(status)}'.`);
  const messageId = stringField(body, 'message_id', '', {
    required: true,
    missingCode: 100,
  });
  const typing = objectField(body, 'typing_indicator', '');
  if (typing) {
    const kind = stringField(typing, 'type', 'typing_indicator', {
      required: true,
    });
    if (kind !== 'text') throw invalidValue(`Param typing_indicator['type'] must be 'text', received '${kind}'.`);
  }
  return { kind: 'read', messageId, typingIndicator: typing !== undefined };
}
