import { JsonObject, stringField } from './param-checks';
import { SendContent } from './send-content';

/**
 * `reaction: {message_id, emoji}` (§2.6). An empty emoji removes a reaction, so
 * it is allowed; whether the target exists is only known later (async 131009).
 */
export function validateReaction(reaction: JsonObject): SendContent {
  const targetId = stringField(reaction, 'message_id', 'reaction', {
    required: true,
  });
  const emoji = stringField(reaction, 'emoji', 'reaction', {
    required: true,
    min: 0,
  });
  return { type: 'reaction', targetId, emoji };
}
