import { booleanField, JsonObject, stringField } from './param-checks';
import { SendContent } from './send-content';

/** `text: {body ≤ 4096, preview_url?}` (whatsapp-cloud-api.md §2.2). */
export function validateText(text: JsonObject): SendContent {
  stringField(text, 'body', 'text', { required: true, max: 4096 });
  booleanField(text, 'preview_url', 'text');
  return { type: 'text' };
}
