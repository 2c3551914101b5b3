// The business service of the fault run: receives the signed event webhooks
// (subscriptions) and counts each delivery by its X-Wabus-Event-Id, checking
// the signature with the subscription's secret.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

export async function startCallbackSink() {
  const deliveries = new Map(); // eventId -> { count, body }
  let secret = null;
  let badSignatures = 0;
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const eventId = String(request.headers['x-wabus-event-id'] ?? '');
      if (!verified(secret, request.headers, raw)) {
        badSignatures += 1;
        response.writeHead(401).end();
        return;
      }
      const seen = deliveries.get(eventId);
      if (seen) seen.count += 1;
      else deliveries.set(eventId, { count: 1, body: JSON.parse(raw), at: Date.now() });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/events`,
    deliveries,
    get badSignatures() {
      return badSignatures;
    },
    useSecret(value) {
      secret = value;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function verified(secret, headers, raw) {
  if (!secret) return false;
  const timestamp = String(headers['x-wabus-timestamp'] ?? '');
  const given = String(headers['x-wabus-signature'] ?? '');
  const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`;
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
