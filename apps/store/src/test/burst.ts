import { applyStatus, type MessageStatus } from '@wabus/domain';
import type { DataSource } from 'typeorm';
import { waitFor } from '@wabus/testing';
import { count, rows, type TestChannel } from './store-harness';
import { contact, envelope, inbound, messagesChange, status, wamid } from './webhook-fixtures';

const WORDS = ['sent', 'delivered', 'read', 'failed'] as const;

export interface Burst {
  bodies: string[];
  inboundWamids: string[];
  /** Final status each outbound message must reach, by wamid. */
  finalStatus: Map<string, MessageStatus>;
  /** Distinct status words each outbound message received, by wamid. */
  words: Map<string, Set<string>>;
  users: string[];
}

/**
 * A burst as Meta sends it under load: deliveries of several customers'
 * messages and of shuffled statuses of our earlier messages (each status
 * possibly twice), for a handful of customers so contacts and conversations
 * are shared across deliveries.
 */
export async function makeBurst(dataSource: DataSource, channel: TestChannel, deliveries: number, tag: string): Promise<Burst> {
  const outbound = Array.from({ length: Math.max(4, Math.floor(deliveries / 2)) }, () => wamid());
  await dataSource.query(
    `WITH c AS (INSERT INTO contacts (channel_id, wa_id, phone) VALUES ($1, $3, '+' || $3) ON CONFLICT (channel_id, wa_id) DO UPDATE SET phone = EXCLUDED.phone RETURNING id),
          v AS (INSERT INTO conversations (channel_id, contact_id) SELECT $1, id FROM c ON CONFLICT (channel_id, contact_id) DO UPDATE SET updated_at = now() RETURNING id, contact_id)
     INSERT INTO messages (channel_id, conversation_id, contact_id, direction, type, status, wa_message_id)
     SELECT $1, v.id, v.contact_id, 'out', 'text', 'queued', w FROM v, unnest($2::text[]) AS w`,
    [channel.id, outbound, `4479${tag.replace(/\D/g, '').padEnd(8, '0').slice(0, 8)}`],
  );
  const users = Array.from({ length: 12 }, (_, index) => `1555${tag.replace(/\D/g, '').padEnd(5, '0').slice(0, 5)}${String(index).padStart(2, '0')}`);
  const finalStatus = new Map<string, MessageStatus>(outbound.map((id) => [id, 'queued']));
  const words = new Map<string, Set<string>>(outbound.map((id) => [id, new Set()]));
  const inboundWamids: string[] = [];
  const bodies: string[] = [];
  const base = Date.now() - 60_000;
  for (let d = 0; d < deliveries; d++) {
    const from = users.slice(d % users.length, (d % users.length) + 3);
    const messages = from.map((user, index) => inbound(user, 'text', { text: { body: `burst ${tag} ${d}.${index}` } }, new Date(base + d * 10 + index)));
    inboundWamids.push(...messages.map((message) => String(message.id)));
    const statuses = [0, 1, 2].map((index) => {
      const target = outbound[(d * 3 + index) % outbound.length];
      const word = WORDS[(d * 7 + index * 3) % WORDS.length];
      finalStatus.set(target, applyStatus(finalStatus.get(target) ?? 'queued', word));
      words.get(target)?.add(word);
      return status(target, word, new Date(base + WORDS.indexOf(word) * 1000));
    });
    bodies.push(
      envelope([
        {
          wabaId: channel.wabaId,
          changes: [
            messagesChange({ phoneNumberId: channel.phoneNumberId, contacts: from.map((user) => contact(user, `Customer ${user.slice(-2)}`)), messages }),
            messagesChange({ phoneNumberId: channel.phoneNumberId, statuses: [...statuses, statuses[0]] }),
          ],
        },
      ]),
    );
  }
  return { bodies, inboundWamids, finalStatus, words, users };
}

/** Everything the burst should have left behind, exactly once; throws with the first difference. */
export async function expectBurstStored(dataSource: DataSource, channel: TestChannel, burst: Burst): Promise<void> {
  const wamids = [...burst.finalStatus.keys()];
  const duplicates = await rows<{ wa_message_id: string }>(
    dataSource,
    'SELECT wa_message_id FROM messages WHERE wa_message_id = ANY($1) GROUP BY 1 HAVING count(*) > 1',
    [burst.inboundWamids],
  );
  expect(duplicates).toEqual([]);
  expect(await count(dataSource, 'messages WHERE wa_message_id = ANY($1)', [burst.inboundWamids])).toBe(new Set(burst.inboundWamids).size);
  const finals = await rows<{ wamid: string; status: string }>(dataSource, 'SELECT wa_message_id AS wamid, status FROM messages WHERE wa_message_id = ANY($1)', [wamids]);
  expect(Object.fromEntries(finals.map((row) => [row.wamid, row.status]))).toEqual(Object.fromEntries(burst.finalStatus));
  const history = await rows<{ wamid: string; words: string[] }>(
    dataSource,
    `SELECT wa_message_id AS wamid, array_agg(status ORDER BY status) AS words FROM message_status_events WHERE wa_message_id = ANY($1) GROUP BY 1`,
    [wamids],
  );
  for (const row of history) expect(row.words).toEqual([...(burst.words.get(row.wamid) ?? [])].sort());
  expect(await count(dataSource, `message_status_events WHERE wa_message_id = ANY($1) AND NOT applied`, [wamids])).toBe(0);
  // One contact per customer, one conversation per contact, counters equal to the rows.
  expect(await count(dataSource, 'contacts WHERE channel_id = $1 AND wa_id = ANY($2)', [channel.id, burst.users])).toBe(burst.users.length);
  const drift = await rows(
    dataSource,
    `SELECT v.id FROM conversations v JOIN contacts c ON c.id = v.contact_id
     WHERE c.wa_id = ANY($1) AND v.message_count <> (SELECT count(*) FROM messages m WHERE m.conversation_id = v.id)`,
    [burst.users],
  );
  expect(drift).toEqual([]);
  expect(await count(dataSource, 'conversations v JOIN contacts c ON c.id = v.contact_id WHERE c.wa_id = ANY($1)', [burst.users])).toBe(burst.users.length);
}

/** Waits until the outbox holds no unpublished event (the relay picks up what a dead process left behind). */
export async function waitForOutboxDrained(dataSource: DataSource): Promise<void> {
  await waitFor(async () => (await count(dataSource, 'domain_events WHERE published_at IS NULL')) === 0, 30_000, 'outbox drained');
}

/** Domain events of the burst: one per fact, every one published, none twice on the queue. */
/**
 * Each fact of the burst has exactly one event (one id, one outbox row), and
 * that event is on the queue. The queue may carry an event twice (a store
 * killed between publishing and marking it published offers it again), always
 * under the same event id, which the engine handles once.
 */
export async function expectBurstEventsOnce(
  dataSource: DataSource,
  burst: Burst,
  jobs: Array<{ id: string; data: { eventId: string; type: string; data: Record<string, unknown> } }>,
): Promise<void> {
  const messageIds = (await rows<{ id: string }>(dataSource, 'SELECT id FROM messages WHERE wa_message_id = ANY($1)', [burst.inboundWamids])).map((row) => row.id);
  const eventIdsOf = (type: string, key: (data: Record<string, unknown>) => string) => {
    const byFact = new Map<string, Set<string>>();
    for (const job of jobs.filter((candidate) => candidate.data.type === type)) {
      const fact = key(job.data.data);
      byFact.set(fact, (byFact.get(fact) ?? new Set()).add(job.data.eventId));
    }
    return byFact;
  };
  const received = eventIdsOf('message.received', (data) => String(data.messageId));
  for (const messageId of messageIds) expect(received.get(messageId)?.size).toBe(1);
  const statuses = eventIdsOf('message.status', (data) => `${String(data.waMessageId)} ${String(data.status)}`);
  for (const [target, final] of burst.finalStatus) {
    if (final !== 'queued') expect(statuses.get(`${target} ${final}`)?.size).toBe(1);
  }
  for (const ids of statuses.values()) expect(ids.size).toBe(1);
  const unpublished = await count(dataSource, `domain_events WHERE published_at IS NULL AND aggregate_id = ANY($1)`, [messageIds]);
  expect(unpublished).toBe(0);
}
