import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { ActionRunEntity, ButtonActionEntity, ContactEntity } from '@wabus/persistence';
import { EngineHarness, startEngine, Thread, waitFor } from './engine-harness';

jest.setTimeout(30_000);

describe('action-engine: rules', () => {
  let engine: EngineHarness;
  let thread: Thread;

  beforeAll(async () => {
    engine = await startEngine();
    thread = await engine.thread({ name: 'Chidi' });
    await engine.db.query(`UPDATE contacts SET attributes = '{"tier": "gold", "orders": 3}' WHERE id = $1`, [thread.contactId]);
  });

  afterAll(async () => {
    await engine?.close();
  });

  async function runRule(expression: string): Promise<{ run: ActionRunEntity; action: ButtonActionEntity }> {
    const action = await engine.saveAction({ name: 'rule', channelId: thread.channelId, type: 'rule', config: { language: 'jsonata', expression } });
    const messageId = await engine.tapMessage(thread, action.buttonId);
    await engine.publish(engine.interaction(thread, messageId, action.buttonId));
    const run = await waitFor(
      async () => (await engine.db.getRepository(ActionRunEntity).findOne({ where: { actionId: action.id, messageId } })) ?? undefined,
      15_000,
      'the rule run',
    );
    await waitFor(async () => {
      const current = await engine.db.getRepository(ActionRunEntity).findOneByOrFail({ id: run.id });
      return ['succeeded', 'failed'].includes(current.status) ? current : undefined;
    });
    return { run: await engine.db.getRepository(ActionRunEntity).findOneByOrFail({ id: run.id }), action };
  }

  it('applies the effects its condition selects, and records them on the run', async () => {
    const { run } = await runRule(`contact.attributes.tier = 'gold'
      ? [{'type': 'send_message', 'config': {'text': 'Gold service for ' & contact.name & ' ({{contact.attributes.orders}} orders)'}},
         {'type': 'update_contact', 'config': {'field': 'tags.add', 'value': 'gold-tap'}}]
      : [{'type': 'send_message', 'config': {'text': 'Hello'}}]`);
    expect(run).toMatchObject({ status: 'succeeded', error: null });
    expect(run.outcome).toMatchObject({
      effects: [
        { type: 'send_message', config: { text: 'Gold service for Chidi ({{contact.attributes.orders}} orders)' } },
        { type: 'update_contact', config: { field: 'tags.add', value: 'gold-tap' } },
      ],
      results: [{ type: 'send_message', messageId: expect.any(String) }, { type: 'update_contact' }],
    });
    const jobs = await engine.outboundJobs(thread.channelId);
    expect(jobs.map((job) => job.data.payload.body)).toContain('Gold service for Chidi (3 orders)');
    expect((await engine.db.getRepository(ContactEntity).findOneByOrFail({ id: thread.contactId })).tags).toContain('gold-tap');
  });

  it.each([
    ['loops for ever', '($loop := function($n) { $loop($n + 1) }; $loop(0))', ['rule_too_deep', 'rule_timeout']],
    ['spins without recursion', '$reduce([1..9999], function($a, $b) { $a + $count([1..9999]) }, 0)', ['rule_timeout', 'rule_too_large']],
    ['blows up memory', '($f := function($s) { $f($s & $s) }; $f("abcdefgh"))', ['rule_too_large', 'rule_too_deep']],
    ['builds a huge range', '$count([1..50000000])', ['rule_too_large']],
  ])('stops a rule that %s by its limits, records the error, and does not retry it', async (_label, expression, codes) => {
    const { run } = await runRule(expression);
    expect(run.status).toBe('failed');
    expect(run.attempts).toBe(1);
    expect(codes).toContain((run.error as { code: string }).code);
    expect((run.error as { message: string }).message).toEqual(expect.any(String));
  });

  it('records effects a rule may not produce as an error, and applies none of them', async () => {
    const before = (await engine.outboundJobs(thread.channelId)).length;
    const { run } = await runRule(`[{'type': 'send_message', 'config': {'text': 'partial'}}, {'type': 'rule', 'config': {'language': 'jsonata', 'expression': '1'}}]`);
    expect(run).toMatchObject({ status: 'failed', error: { code: 'rule_output_invalid' } });
    expect(await engine.outboundJobs(thread.channelId)).toHaveLength(before);
  });

  it('cannot reach the file system, the network or the process', async () => {
    const canary = `/tmp/wabus-rule-escape-${randomUUID()}`;
    const attempts = [
      `$require("fs").writeFileSync("${canary}", "x")`,
      `$$.constructor.constructor("require('fs').writeFileSync('${canary}', 'x')")()`,
      `{}.constructor.constructor("process.exit(3)")()`,
      `$string.implementation.constructor("return process")().exit(3)`,
      `$fetch("http://127.0.0.1:9/")`,
      `$exec("touch ${canary}")`,
    ];
    for (const expression of attempts) {
      const { run } = await runRule(`(${expression}; {'type': 'send_message', 'config': {'text': 'escaped'}})`);
      // Either the rule fails, or the attempt evaluates to nothing and the rule goes on: never an escape.
      expect(['failed', 'succeeded']).toContain(run.status);
    }
    expect(existsSync(canary)).toBe(false);
    expect(process.exitCode ?? 0).toBe(0);
  });
});
