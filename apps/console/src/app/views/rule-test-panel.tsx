import { useEffect, useState } from 'react';
import { ApiRequestError } from '../api/api-client';
import type { RuleEffectView } from '../api/api-types';
import { ruleTestRequest } from '../model/rule-test';
import { errorText, useConsole } from './console-context';

type Outcome = { effects: RuleEffectView[] } | { error: string } | null;

/**
 * Tries the form's rule on an editable event, with the action engine's own
 * evaluator and limits (POST /v1/button-actions/test-rule): shows the effects
 * a tap would apply, or why the rule would fail. Nothing is applied.
 */
export function RuleTestPanel({ config }: { config: string }) {
  const { api } = useConsole();
  const [event, setEvent] = useState('');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [testing, setTesting] = useState(false);
  useEffect(() => {
    let current = true;
    api.ruleSampleEvent().then(
      (sample) => current && setEvent((typed) => typed || JSON.stringify(sample.event, null, 2)),
      (error: unknown) => current && setOutcome({ error: `The sample event could not be loaded: ${errorText(error)}` }),
    );
    return () => {
      current = false;
    };
  }, [api]);
  const test = async () => {
    const prepared = ruleTestRequest(config, event);
    if ('problem' in prepared) return setOutcome({ error: prepared.problem });
    setTesting(true);
    try {
      setOutcome(await api.testRule(prepared.request));
    } catch (failure) {
      setOutcome({ error: failure instanceof ApiRequestError ? `${failure.code}: ${failure.message}` : errorText(failure) });
    } finally {
      setTesting(false);
    }
  };
  return (
    <section className="rule-test" aria-label="Test rule">
      <h4>Test rule</h4>
      <label>
        Sample event (JSON)
        <textarea rows={8} value={event} onChange={(change) => setEvent(change.target.value)} className="mono" />
      </label>
      <button type="button" className="secondary" onClick={() => void test()} disabled={testing}>
        Test rule
      </button>
      {outcome && 'error' in outcome && <p className="error">{outcome.error}</p>}
      {outcome && 'effects' in outcome && (
        <div role="status">
          {outcome.effects.length === 0 ? <p className="muted">No effects: a tap like this would do nothing.</p> : <pre>{JSON.stringify(outcome.effects, null, 2)}</pre>}
        </div>
      )}
    </section>
  );
}
