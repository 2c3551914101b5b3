// Baselines for `bench ingress`: a bare node:http server doing what the gateway
// does on the webhook path (HMAC over the raw body in constant time, JSON parse,
// enqueue, 200), with either one BullMQ Queue.add per request or a plain LPUSH.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { Queue } from 'bullmq';
import Redis from 'ioredis';

const [mode, port, prefix, secret] = process.argv.slice(2);
const connection = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
const queue = mode === 'bullmq' ? new Queue('inbound', { connection, prefix }) : null;

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', async () => {
    const body = Buffer.concat(chunks);
    const header = String(request.headers['x-hub-signature-256'] ?? '');
    const expected = createHmac('sha256', secret).update(body).digest();
    const given = Buffer.from(header.slice(7), 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      response.writeHead(401).end();
      return;
    }
    JSON.parse(body.toString('utf8'));
    const jobId = createHash('sha256').update(body).digest('hex');
    if (queue) await queue.add('inbound-webhook', { v: 1, body: body.toString('utf8') }, { jobId, removeOnComplete: true });
    else await connection.lpush(`${prefix}:lpush-baseline`, body);
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
  });
});
server.listen(Number(port), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
