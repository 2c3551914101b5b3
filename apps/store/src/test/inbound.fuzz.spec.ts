import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { splitWebhookEnvelope } from '@wabus/domain';
import { QueueName } from '@wabus/queues';
import { mutateJson, waitFor } from '@wabus/testing';
import { contact, envelope, inbound, messagesChange, type Json } from './webhook-fixtures';
import { createChannel, deliver, obliterateQueues, rows, startStore, suitePrefix, type StoreInstance, type TestChannel } from './store-harness';

/**
 * Mutated deliveries through the real store worker on the run's database.
 * Each one either lands whole (every message the splitter accepts is stored)
 * or fails whole into the dead letters with a code and a sentence: never a
 * crash of the worker, never some of a delivery's messages without the rest,
 * never a job left retrying a delivery that cannot get better.
 */

const NASTY = fc.constantFrom<unknown>('', 'a\u0000b', '\u0000', '\ud800', 'x'.repeat(70_000), -1, 1e308, Number.MAX_SAFE_INTEGER + 2, true, null, [], {}, [[[[[[]]]]]], { __proto__: { polluted: true } }, "'; DROP TABLE messages; --");
const replacement = fc.oneof(NASTY, fc.anything({ maxDepth: 2 }));
const path = fc.array(fc.nat(12), { minLength: 1, maxLength: 9 });

interface Case {
  jobId: string;
  body: string;
  /** The wamids of the messages the splitter accepts for our channel. */
  wamids: string[];
}

describe('store: mutated deliveries land whole or end in the dead letters', () => {
  let store: StoreInstance;
  let channel: TestChannel;
  const prefix = suitePrefix('fuzz');
  const cases: Case[] = [];

  beforeAll(async () => {
    store = await startStore(prefix);
    channel = await createChannel(store.dataSource, store.config);
    const samples = fc.sample(fc.tuple(path, replacement), { numRuns: 40, seed: 20_251_207 });
    for (const [where, value] of samples) {
      const from = `1650555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
      const messages = [0, 1, 2].map((index) => inbound(from, 'text', { text: { body: `fuzz ${index}` } }));
      const original = JSON.parse(envelope([{ wabaId: channel.wabaId, changes: [messagesChange({ phoneNumberId: channel.phoneNumberId, contacts: [contact(from)], messages })] }])) as Json;
      const mutated = mutateJson(original, where, value);
      const body = JSON.stringify(mutated) ?? 'null';
      const split = splitWebhookEnvelope(JSON.parse(body));
      const wamids = split.items.flatMap((item) => ((item.kind === 'message' || item.kind === 'unrecognized_message') && item.phoneNumberId === channel.phoneNumberId ? [item.message.id] : []));
      cases.push({ jobId: randomUUID(), body, wamids: wamids.filter((id) => typeof id === 'string') });
    }
    for (const item of cases) await deliver(store.queues, channel.id, item.body, item.jobId);
    const settleBy = Date.now() + 20_000;
    // A delivery still retrying after this long is a poison job the store does not recognise as one.
    await waitFor(
      async () => {
        const unsettled = [];
        for (const item of cases) {
          const job = await store.queues.queue(QueueName.Inbound).getJob(item.jobId);
          const state = await job?.getState();
          if (state !== 'completed' && state !== 'failed') unsettled.push({ state, reason: job?.failedReason, body: item.body.slice(0, 400) });
        }
        return unsettled.length === 0 || (Date.now() > settleBy && Promise.reject(new Error(`still retrying: ${JSON.stringify(unsettled)}`)));
      },
      25_000,
      'every mutated delivery completed or failed for good',
    );
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await obliterateQueues(prefix);
  });

  it('stores every accepted message of a completed delivery, and none of a failed one, which is a dead letter with a code and a sentence', async () => {
    let completed = 0;
    let deadLettered = 0;
    for (const item of cases) {
      const state = await (await store.queues.queue(QueueName.Inbound).getJob(item.jobId))?.getState();
      const stored = await rows<{ id: string }>(store.dataSource, 'SELECT wa_message_id AS id FROM messages WHERE wa_message_id = ANY($1)', [item.wamids]);
      const letters = await rows<{ code: string | null; message: string | null }>(
        store.dataSource,
        `SELECT error->>'code' AS code, error->>'message' AS message FROM dead_letters WHERE queue = 'inbound' AND job_id = $1`,
        [item.jobId],
      );
      if (state === 'completed') {
        completed += 1;
        expect({ body: item.body.slice(0, 300), stored: stored.length }).toEqual({ body: item.body.slice(0, 300), stored: item.wamids.length });
        expect(letters).toEqual([]);
      } else {
        deadLettered += 1;
        expect({ body: item.body.slice(0, 300), stored: stored.length }).toEqual({ body: item.body.slice(0, 300), stored: 0 });
        expect(letters).toHaveLength(1);
        expect(letters[0].code).toMatch(/^[a-z_]+$/);
        expect(letters[0].message).toMatch(/\w+ \w+/);
      }
    }
    expect(completed + deadLettered).toBe(cases.length);
    expect(completed).toBeGreaterThan(0);
  });
});
