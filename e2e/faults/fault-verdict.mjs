// What the fault run compares once traffic has drained: what the clients saw
// accepted, against what PostgreSQL holds, what the emulator (Meta) received,
// and what the business webhook receiver got. Each check is one line of the
// report; duplicates are allowed only inside the windows the docs name.
import pg from 'pg';

const SETTLED_SEND_STATUSES = new Set(['sent', 'delivered', 'read']);

/** Facts from the database, the emulator and the sink, read in one pass. */
export async function collectFacts({ databaseUrl, emulatorUrl, phoneNumberId, runId, sink }) {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const inbound = await client.query(`SELECT text, count(*)::int AS rows, min(id::text) AS id FROM messages WHERE direction = 'in' AND text LIKE $1 GROUP BY text`, [`fault-in-${runId}-%`]);
    const outbound = await client.query(
      `SELECT text, count(*)::int AS rows, array_agg(status) AS statuses, min(error::text) AS error FROM messages WHERE direction = 'out' AND text LIKE $1 GROUP BY text`,
      [`fault-out-${runId}-%`],
    );
    const deadLetters = await client.query(`SELECT queue, job_name, job_id, error FROM dead_letters ORDER BY failed_at`);
    const outbox = await (await fetch(`${emulatorUrl}/_emulator/outbox?phoneNumberId=${phoneNumberId}&limit=20000`)).json();
    const stats = await (await fetch(`${emulatorUrl}/_emulator/stats`)).json();
    const acceptedAtEmulator = new Map(); // text -> [receivedAt ms]
    for (const entry of outbox.data) {
      const text = entry.body?.text?.body;
      if (entry.verdict !== 'accepted' || typeof text !== 'string' || !text.startsWith(`fault-out-${runId}-`)) continue;
      acceptedAtEmulator.set(text, [...(acceptedAtEmulator.get(text) ?? []), Date.parse(entry.receivedAt)]);
    }
    const callbacksByText = new Map(); // inbound text -> { count, firstAt }
    for (const delivery of sink.deliveries.values()) {
      const data = delivery.body?.data ?? {};
      if (delivery.body?.type !== 'message.received' || typeof data.text !== 'string') continue;
      callbacksByText.set(data.text, { count: delivery.count, at: delivery.at });
    }
    return {
      inboundRows: new Map(inbound.rows.map((row) => [row.text, row.rows])),
      outboundRows: new Map(outbound.rows.map((row) => [row.text, { rows: row.rows, statuses: row.statuses, error: row.error }])),
      deadLetters: deadLetters.rows,
      acceptedAtEmulator,
      callbacksByText,
      graphFaultsAnswered: stats.rejectionsByCode?.['2'] ?? 0,
    };
  } finally {
    await client.end();
  }
}

/** True once every accepted item has landed, so the checks can be read. */
export function drained(facts, inbound, sends) {
  for (const text of inbound.accepted.keys()) if (!facts.inboundRows.has(text) || !facts.callbacksByText.has(text)) return false;
  for (const key of sends.accepted.keys()) {
    const row = facts.outboundRows.get(key);
    if (!row || !row.statuses.every((status) => SETTLED_SEND_STATUSES.has(status) || status === 'failed')) return false;
  }
  return true;
}

function insideAny(at, windows, kinds, before = 3_000, after = 1_000) {
  return windows.some((window) => kinds.includes(window.kind) && at >= window.from - before && at <= window.to + after);
}

const sample = (items) => (items.length === 0 ? '' : ` (e.g. ${items.slice(0, 3).join(', ')})`);

/** The checks, each `{name, ok, detail}`. */
export function judge(facts, { inbound, sends, windows, ready }) {
  const checks = [];
  const check = (name, ok, detail) => checks.push({ name, ok, detail });

  const lostWebhooks = [...inbound.accepted.keys()].filter((text) => !facts.inboundRows.has(text));
  check('zero lost webhooks (every webhook answered 2xx is a stored message)', lostWebhooks.length === 0, `${inbound.accepted.size} accepted, ${inbound.accepted.size - lostWebhooks.length} stored, ${lostWebhooks.length} lost${sample(lostWebhooks)}`);
  const doubledInbound = [...facts.inboundRows].filter(([, rows]) => rows > 1).map(([text]) => text);
  check('zero duplicate inbound rows', doubledInbound.length === 0, `${doubledInbound.length} texts stored more than once${sample(doubledInbound)}`);

  const lostSends = [...sends.accepted.keys()].filter((key) => !facts.outboundRows.has(key));
  check('zero lost sends (every send answered 202 is a stored message)', lostSends.length === 0, `${sends.accepted.size} accepted, ${sends.accepted.size - lostSends.length} stored, ${lostSends.length} lost${sample(lostSends)}`);
  const unsent = [...sends.accepted.keys()].filter((key) => facts.outboundRows.has(key) && !facts.outboundRows.get(key).statuses.every((status) => SETTLED_SEND_STATUSES.has(status)));
  check(
    'every accepted send reached Meta (status sent, delivered or read)',
    unsent.length === 0,
    `${unsent.length} not sent${sample(unsent.map((key) => `${key}: ${facts.outboundRows.get(key).statuses.join('/')} ${facts.outboundRows.get(key).error ?? ''}`))}`,
  );
  const neverAtEmulator = [...sends.accepted.keys()].filter((key) => !facts.acceptedAtEmulator.has(key));
  check('every accepted send was accepted by the Graph API (emulator outbox)', neverAtEmulator.length === 0, `${sends.accepted.size - neverAtEmulator.length} of ${sends.accepted.size}${sample(neverAtEmulator)}`);
  const doubledOutbound = [...facts.outboundRows].filter(([, row]) => row.rows > 1).map(([text]) => text);
  check('zero duplicate outbound rows', doubledOutbound.length === 0, `${doubledOutbound.length} sends stored more than once${sample(doubledOutbound)}`);

  const duplicateSends = [...facts.acceptedAtEmulator].filter(([, times]) => times.length > 1);
  const unexplainedSends = duplicateSends.filter(([, times]) => !insideAny(Math.min(...times), windows, ['sender', 'redis']));
  check(
    'duplicate sends only inside the documented window (Meta answered 200, the sender died or Redis was down before the sent marker)',
    unexplainedSends.length === 0,
    `${duplicateSends.reduce((sum, [, times]) => sum + times.length - 1, 0)} extra sends of ${duplicateSends.length} messages; ${unexplainedSends.length} outside a sender kill or Redis outage${sample(unexplainedSends.map(([text]) => text))}`,
  );

  const lostCallbacks = [...inbound.accepted.keys()].filter((text) => facts.inboundRows.has(text) && !facts.callbacksByText.has(text));
  check('zero lost business webhooks (message.received delivered for every stored inbound message)', lostCallbacks.length === 0, `${facts.callbacksByText.size} delivered, ${lostCallbacks.length} missing${sample(lostCallbacks)}`);
  const duplicateCallbacks = [...facts.callbacksByText].filter(([, delivery]) => delivery.count > 1);
  const unexplainedCallbacks = duplicateCallbacks.filter(([, delivery]) => !insideAny(delivery.at, windows, ['action-engine', 'postgres', 'redis']));
  check(
    'repeated business webhooks (same X-Wabus-Event-Id) only after an action-engine kill or a Redis/PostgreSQL outage',
    unexplainedCallbacks.length === 0,
    `${duplicateCallbacks.length} events delivered more than once; ${unexplainedCallbacks.length} outside those windows${sample(unexplainedCallbacks.map(([text]) => text))}`,
  );

  check('transient faults left no dead letters', facts.deadLetters.length === 0, `${facts.deadLetters.length} dead letters${sample(facts.deadLetters.map((row) => `${row.queue}/${row.job_name}: ${JSON.stringify(row.error).slice(0, 120)}`))}`);
  check('the Graph API faults were really injected (5xx answers seen by the emulator)', facts.graphFaultsAnswered > 0, `${facts.graphFaultsAnswered} sends answered 503 (code 2) while the fault was on`);
  const notReady = Object.entries(ready).filter(([, ok]) => !ok).map(([app]) => app);
  check('every service ready after the faults', notReady.length === 0, notReady.length === 0 ? 'all /readyz 200' : `not ready: ${notReady.join(', ')}`);
  return checks;
}
