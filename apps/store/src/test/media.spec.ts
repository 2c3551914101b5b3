import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { JobName, QueueName } from '@wabus/queues';
import { waitFor } from '@wabus/testing';
import { count, createChannel, deliver, rows, startStore, stopStore, suitePrefix, type StoreInstance, type TestChannel } from './store-harness';
import { contact, envelope, inbound, messagesChange } from './webhook-fixtures';

/** Meta's media routes as §6.2–6.3 describe them: GET /{version}/{media-id} answers a short-lived URL; the URL needs the token too. */
function fakeGraph(files: Map<string, Buffer>, token: string): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    const url = new URL(request.url ?? '/', 'http://localhost');
    const authorized = request.headers.authorization === `Bearer ${token}`;
    const [, first, second] = url.pathname.split('/');
    const send = (status: number, body: unknown, type = 'application/json') => {
      response.writeHead(status, { 'content-type': type });
      response.end(Buffer.isBuffer(body) ? body : JSON.stringify(body));
    };
    if (!authorized) return send(401, { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 } });
    if (first === 'download' && files.has(second)) return send(200, files.get(second), 'image/jpeg');
    const bytes = files.get(second);
    if (!bytes) return send(400, { error: { message: '(#100) Invalid parameter', type: 'OAuthException', code: 100, error_data: { details: 'media not found' } } });
    const address = server.address() as AddressInfo;
    return send(200, {
      messaging_product: 'whatsapp',
      url: `http://127.0.0.1:${address.port}/download/${second}`,
      mime_type: 'image/jpeg',
      sha256: createHash('sha256').update(bytes).digest('hex'),
      file_size: String(bytes.length),
      id: second,
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        requests,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  );
}

describe('store: inbound media fetched to storage', () => {
  let store: StoreInstance;
  let channel: TestChannel;
  let graph: Awaited<ReturnType<typeof fakeGraph>>;
  let mediaDir: string;
  const files = new Map<string, Buffer>();

  beforeAll(async () => {
    mediaDir = await mkdtemp(path.join(os.tmpdir(), 'wabus-media-'));
    graph = await fakeGraph(files, 'EAAG-test-token');
    // Settings are read once at start: this suite's store downloads every inbound media by itself.
    process.env.WABUS_STORE_MEDIA_FETCH = 'auto';
    process.env.WABUS_STORE_MEDIA_DIR = mediaDir;
    store = await startStore(suitePrefix('media'));
    channel = await createChannel(store.dataSource, store.config);
    await store.dataSource.query(`UPDATE channels SET graph_base_url = $2 WHERE id = $1`, [channel.id, graph.url]);
  });

  afterAll(async () => {
    delete process.env.WABUS_STORE_MEDIA_FETCH;
    delete process.env.WABUS_STORE_MEDIA_DIR;
    await stopStore(store);
    await graph?.close();
    await rm(mediaDir, { recursive: true, force: true });
  });

  function imageMessage(mediaId: string) {
    const bytes = Buffer.from(`jpeg bytes of ${mediaId}`);
    files.set(mediaId, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('base64');
    return inbound('16505559876', 'image', { image: { id: mediaId, mime_type: 'image/jpeg', sha256, caption: 'receipt' } });
  }

  it('downloads a new inbound image as it arrives (setting auto), checked against its sha256', async () => {
    const mediaId = `${Date.now()}1`;
    const message = imageMessage(mediaId);
    await deliver(store.queues, channel.id, envelope([{ wabaId: channel.wabaId, changes: [messagesChange({ phoneNumberId: channel.phoneNumberId, contacts: [contact('16505559876')], messages: [message] })] }]));
    const file = path.join(mediaDir, channel.id, mediaId);
    const stored = await waitFor(() => readFile(file).catch(() => undefined), 15_000, 'media file');
    expect(stored.equals(files.get(mediaId) as Buffer)).toBe(true);
    const description = JSON.parse(await readFile(`${file}.json`, 'utf8'));
    const [{ id }] = await rows<{ id: string }>(store.dataSource, 'SELECT id FROM messages WHERE wa_message_id = $1', [message.id]);
    expect(description).toMatchObject({ messageId: id, channelId: channel.id, mediaId, mimeType: 'image/jpeg', bytes: stored.length, path: path.join(channel.id, mediaId) });
    expect(graph.requests).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^GET /v23.0/${mediaId}\\?phone_number_id=`)), `GET /download/${mediaId}`]));
  });

  it('fetches on request, once: a second request finds the file kept', async () => {
    const mediaId = `${Date.now()}2`;
    const message = imageMessage(mediaId);
    await store.dataSource.query(
      `WITH c AS (SELECT id FROM contacts WHERE channel_id = $1 LIMIT 1), v AS (SELECT id, contact_id FROM conversations WHERE channel_id = $1 LIMIT 1)
       INSERT INTO messages (channel_id, conversation_id, contact_id, direction, type, status, wa_message_id, payload)
       SELECT $1, v.id, v.contact_id, 'in', 'image', 'received', $2, $3 FROM v`,
      [channel.id, message.id, JSON.stringify(message.image)],
    );
    const [{ id }] = await rows<{ id: string }>(store.dataSource, 'SELECT id FROM messages WHERE wa_message_id = $1', [message.id]);
    const before = graph.requests.length;
    for (const attempt of [1, 2]) {
      const jobId = await store.queues.enqueue(JobName.FetchMedia, { v: 1, messageId: id, reason: 'api' }, { jobId: `media-test-${attempt}-${id}` });
      await waitFor(async () => (await store.queues.queue(QueueName.StoreMaintenance).getJob(jobId))?.isCompleted(), 15_000, 'fetch job done');
    }
    expect(graph.requests.length - before).toBe(2);
    expect((await readFile(path.join(mediaDir, channel.id, mediaId))).equals(files.get(mediaId) as Buffer)).toBe(true);
  });

  it('sends a fetch of media Meta no longer has to the dead letters at once', async () => {
    const mediaId = `${Date.now()}3`;
    const message = inbound('16505559876', 'image', { image: { id: mediaId, mime_type: 'image/jpeg', sha256: 'x' } });
    await deliver(store.queues, channel.id, envelope([{ wabaId: channel.wabaId, changes: [messagesChange({ phoneNumberId: channel.phoneNumberId, contacts: [contact('16505559876')], messages: [message] })] }]));
    const [{ id }] = await waitFor(async () => {
      const found = await rows<{ id: string }>(store.dataSource, 'SELECT id FROM messages WHERE wa_message_id = $1', [message.id]);
      return found.length ? found : undefined;
    });
    await waitFor(async () => (await count(store.dataSource, `dead_letters WHERE job_id = $1`, [`media-${id}`])) === 1, 15_000, 'dead letter');
    expect(await rows(store.dataSource, `SELECT error->>'code' AS code FROM dead_letters WHERE job_id = $1`, [`media-${id}`])).toEqual([{ code: 'media_unavailable' }]);
  });
});
