import { ruleTestRequest } from './rule-test';

const rule = JSON.stringify({ language: 'jsonata', expression: "{'type': 'send_message', 'config': {'text': contact.name}}" });

describe('console: testing a rule', () => {
  it("sends the configuration's expression with the sample event as typed", () => {
    expect(ruleTestRequest(rule, '{"contact": {"name": "Ada"}}')).toEqual({
      request: { expression: "{'type': 'send_message', 'config': {'text': contact.name}}", event: { contact: { name: 'Ada' } } },
    });
  });

  it.each([
    ['a configuration that is not JSON', '{"expression": ', '{}', /configuration must be JSON/],
    ['a configuration without an expression', '{"language": "jsonata"}', '{}', /no "expression"/],
    ['an empty expression', '{"expression": "  "}', '{}', /no "expression"/],
    ['a sample event that is not JSON', rule, '{"contact": ', /sample event is not JSON/],
    ['a sample event that is a list', rule, '[1, 2]', /must be a JSON object/],
  ])('explains %s instead of sending it', (_label, configText, eventText, problem) => {
    const outcome = ruleTestRequest(configText, eventText);
    expect('problem' in outcome && outcome.problem).toMatch(problem);
  });
});
