// Steady traffic for the fault run, recorded from the client's side: what the
// platform *accepted* (a webhook answered 2xx, a send answered 202) is what it
// promised never to lose. A request that got no answer or a 5xx is retried
// with the same bytes (as Meta retries a webhook) or the same idempotency key
// (as a business service retries a send), so retries also test deduplication.
import { createHmac } from 'node:crypto';
import { sleep } from './fault-stack.mjs';

const RETRY_FOR_MS = 45_000;
const REQUEST_TIMEOUT_MS = 5_000;

/** Runs `make(n)` every `intervalMs` until stopped; `drain()` waits for the calls still retrying. */
function ticker(intervalMs, make) {
  const inFlight = new Set();
  let running = true;
  let n = 0;
  const loop = (async () => {
    while (running) {
      const call = make(n++).finally(() => inFlight.delete(call));
      inFlight.add(call);
      await sleep(intervalMs);
    }
  })();
  return {
    get issued() {
      return n;
    },
    async drain() {
      running = false;
      await loop;
      await Promise.all(inFlight);
    },
  };
}

async function postUntilAccepted(url, init, accepted) {
  const deadline = Date.now() + RETRY_FOR_MS;
  let attempts = 0;
  let last = 'no attempt';
  while (Date.now() < deadline) {
    attempts += 1;
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const text = await response.text();
      if (accepted(response.status)) return { ok: true, attempts, status: response.status, text };
      last = `HTTP ${response.status} ${text.slice(0, 160)}`;
      if (response.status < 500 && response.status !== 429 && response.status !== 408) return { ok: false, attempts, last };
    } catch (error) {
      last = error.cause?.code ?? error.name ?? String(error);
    }
    await sleep(Math.min(2_000, 200 * attempts));
  }
  return { ok: false, attempts, last };
}

/** One inbound text message per webhook, shaped like Meta's (and the emulator's) deliveries, signed with the channel's app secret. */
export function inboundWebhookLoad({ gatewayUrl, channelId, phoneNumberId, displayPhoneNumber, appSecret, runId, intervalMs }) {
  const record = { accepted: new Map(), refused: [], retried: 0 };
  const load = ticker(intervalMs, async (n) => {
    const text = `fault-in-${runId}-${n}`;
    const wamid = `wamid.FAULT${runId}${String(n).padStart(6, '0')}`;
    const from = `4917610${String(n % 50).padStart(6, '0')}`;
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: displayPhoneNumber, phone_number_id: phoneNumberId },
                contacts: [{ profile: { name: `Fault ${n % 50}` }, wa_id: from }],
                messages: [{ from, id: wamid, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
              },
            },
          ],
        },
      ],
    });
    const signature = `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
    const result = await postUntilAccepted(
      `${gatewayUrl}/webhooks/whatsapp/${channelId}`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body },
      (status) => status >= 200 && status < 300,
    );
    if (result.attempts > 1) record.retried += 1;
    if (result.ok) record.accepted.set(text, { wamid, at: Date.now() });
    else record.refused.push({ text, last: result.last });
  });
  return { record, load };
}

/** Free-form text sends through POST /v1/messages, each with its own idempotency key, to recipients whose window is open. */
export function sendLoad({ gatewayUrl, apiKey, channelId, recipients, runId, intervalMs }) {
  const record = { accepted: new Map(), refused: [], retried: 0 };
  const load = ticker(intervalMs, async (n) => {
    const key = `fault-out-${runId}-${n}`;
    const body = JSON.stringify({ channelId, to: recipients[n % recipients.length], type: 'text', text: { body: key }, idempotencyKey: key });
    const result = await postUntilAccepted(
      `${gatewayUrl}/v1/messages`,
      { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, body },
      (status) => status === 202 || status === 200,
    );
    if (result.attempts > 1) record.retried += 1;
    if (result.ok) record.accepted.set(key, { id: JSON.parse(result.text).id, at: Date.now() });
    else record.refused.push({ key, last: result.last });
  });
  return { record, load };
}
