/** The body of POST /v1/button-actions/test-rule. */
export interface RuleTestRequest {
  expression: string;
  event: Record<string, unknown>;
}

/**
 * What the test panel sends for the action form's configuration and the
 * sample event as typed, or the sentence to show when either is not usable.
 */
export function ruleTestRequest(configText: string, eventText: string): { request: RuleTestRequest } | { problem: string } {
  let config: unknown;
  try {
    config = JSON.parse(configText);
  } catch {
    return { problem: 'The configuration must be JSON, e.g. {"language": "jsonata", "expression": "…"}.' };
  }
  const expression = isRecord(config) ? config['expression'] : undefined;
  if (typeof expression !== 'string' || expression.trim() === '') return { problem: 'The configuration has no "expression" to test.' };
  let event: unknown;
  try {
    event = JSON.parse(eventText);
  } catch (error) {
    return { problem: `The sample event is not JSON: ${error instanceof Error ? error.message : String(error)}.` };
  }
  if (!isRecord(event)) return { problem: 'The sample event must be a JSON object, e.g. {"message": {"replyId": "order-yes"}}.' };
  return { request: { expression, event } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
