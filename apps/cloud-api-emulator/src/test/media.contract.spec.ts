import { createHash } from 'node:crypto';
import {
  bearer,
  Emulator,
  Json,
  metaError,
  NumberFixture,
  registerNumber,
  startEmulator,
  startWebhookSink,
  waitFor,
  WebhookSink,
  webhooksSettled,
} from './emulator-harness';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);

describe('media: upload, retrieve, download, delete', () => {
  let emulator: Emulator;
  let sink: WebhookSink;
  let number: NumberFixture;

  beforeAll(async () => {
    emulator = await startEmulator();
    sink = await startWebhookSink();
    number = await registerNumber(emulator, sink, { statusDelaysMs: { sent: 1, delivered: 2, read: 3 } });
  });

  afterAll(async () => {
    await webhooksSettled(emulator);
    await emulator.close();
    await sink.close();
  });

  async function upload(
    fields: Record<string, string>,
    file?: { bytes: Buffer; type: string; name?: string },
    token = number.accessToken,
  ): Promise<{ status: number; json: Json }> {
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    if (file) form.append('file', new Blob([file.bytes], { type: file.type }), file.name ?? 'upload.bin');
    const response = await fetch(`${emulator.url}/v21.0/${number.phoneNumberId}/media`, { method: 'POST', headers: bearer(token), body: form });
    return { status: response.status, json: await response.json() };
  }

  it('uploads, retrieves a 5-minute URL, downloads with the Bearer token, deletes', async () => {
    const uploaded = await upload({ messaging_product: 'whatsapp', type: 'image/png' }, { bytes: PNG, type: 'image/png', name: 'dot.png' });
    expect(uploaded.status).toBe(200);
    expect(uploaded.json).toEqual({ id: expect.stringMatching(/^\d{16}$/) });
    const id = uploaded.json.id;

    const retrieved = await emulator.request('GET', `/v21.0/${id}?phone_number_id=${number.phoneNumberId}`, undefined, bearer(number.accessToken));
    expect(retrieved.status).toBe(200);
    expect(retrieved.json).toEqual({
      messaging_product: 'whatsapp',
      url: expect.stringMatching(new RegExp(`^http://[^/]+/_media/${id}\\?mid=${id}&ext=\\d+&hash=[0-9a-f]+$`)),
      mime_type: 'image/png',
      sha256: createHash('sha256').update(PNG).digest('hex'),
      file_size: String(PNG.length),
      id,
    });
    const url = new URL(retrieved.json.url);
    const path = url.pathname + url.search;

    const downloaded = await fetch(`${emulator.url}${path}`, { headers: bearer(number.accessToken) });
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(PNG)).toBe(true);

    const anonymous = await emulator.request('GET', path);
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toEqual(metaError({ code: 190, message: '(#190) Invalid OAuth access token - Cannot parse access token' }));
    const forged = await emulator.request('GET', path.replace(/hash=[0-9a-f]+/, 'hash=0000'), undefined, bearer(number.accessToken));
    expect(forged.status).toBe(404);

    // Five minutes later the same URL is gone; a new retrieve gives a fresh one.
    await emulator.request('POST', '/_emulator/clock', { advanceMs: 5 * 60 * 1000 + 1000 });
    expect((await emulator.request('GET', path, undefined, bearer(number.accessToken))).status).toBe(404);

    const deleted = await emulator.request('DELETE', `/v21.0/${id}`, undefined, bearer(number.accessToken));
    expect(deleted.json).toEqual({ success: true });
    const gone = await emulator.request('GET', `/v21.0/${id}`, undefined, bearer(number.accessToken));
    expect(gone.status).toBe(400);
    expect(gone.json).toEqual(
      metaError({ code: 100, type: 'GraphMethodException', subcode: 33, message: expect.stringContaining(`Object with ID '${id}' does not exist`) }),
    );
  });

  it.each<[string, Record<string, string>, { bytes: Buffer; type: string } | undefined, number, Json]>([
    [
      'without messaging_product',
      { type: 'image/png' },
      { bytes: PNG, type: 'image/png' },
      400,
      metaError({ code: 100, message: '(#100) The parameter messaging_product is required.', details: 'The parameter messaging_product is required.' }),
    ],
    [
      'without a file',
      { messaging_product: 'whatsapp', type: 'image/png' },
      undefined,
      400,
      metaError({ code: 100, message: '(#100) The parameter file is required.', details: 'The parameter file is required.' }),
    ],
    [
      'of an unsupported type',
      { messaging_product: 'whatsapp' },
      { bytes: Buffer.from('GIF89a'), type: 'image/gif' },
      400,
      metaError({ code: 131053, message: '(#131053) Media upload error', details: expect.stringContaining("Received file of type 'image/gif'") }),
    ],
    [
      'whose type field contradicts the file',
      { messaging_product: 'whatsapp', type: 'image/jpeg' },
      { bytes: PNG, type: 'image/png' },
      400,
      metaError({
        code: 131053,
        message: '(#131053) Media upload error',
        details: "The type field (image/jpeg) does not match the file's content type (image/png).",
      }),
    ],
    [
      'over the size limit of its type',
      { messaging_product: 'whatsapp' },
      { bytes: Buffer.alloc(501 * 1024), type: 'image/webp' },
      400,
      metaError({
        code: 131053,
        message: '(#131053) Media upload error',
        details: `File of ${501 * 1024} bytes exceeds the ${500 * 1024}-byte limit for image/webp.`,
      }),
    ],
  ])('refuses an upload %s', async (_name, fields, file, status, body) => {
    const response = await upload(fields, file);
    expect(response.status).toBe(status);
    expect(response.json).toEqual(body);
  });

  it('accepts audio/ogg with codecs, as WhatsApp voice notes are', async () => {
    const response = await upload({ messaging_product: 'whatsapp', type: 'audio/ogg; codecs=opus' }, { bytes: Buffer.from('OggS'), type: 'audio/ogg' });
    expect(response.status).toBe(200);
  });

  it('refuses an upload with an unknown token', async () => {
    const response = await upload({ messaging_product: 'whatsapp' }, { bytes: PNG, type: 'image/png' }, 'nope');
    expect(response.status).toBe(401);
    expect(response.json.error.code).toBe(190);
  });

  it('delivers an image sent by an uploaded id, and fails one with an id never uploaded (131053)', async () => {
    await emulator.request('POST', '/_emulator/inbound', {
      phoneNumberId: number.phoneNumberId,
      from: '447700900555',
      type: 'text',
      text: { body: 'send me a picture' },
    });
    const uploaded = await upload({ messaging_product: 'whatsapp' }, { bytes: PNG, type: 'image/png' });
    const send = (id: string) =>
      emulator.request(
        'POST',
        `/v21.0/${number.phoneNumberId}/messages`,
        { messaging_product: 'whatsapp', to: '447700900555', type: 'image', image: { id } },
        bearer(number.accessToken),
      );
    const good = (await send(uploaded.json.id)).json.messages[0].id;
    const bad = (await send('999999999999999')).json.messages[0].id;
    const statusesOf = (wamid: string) => sink.items('statuses').filter((status) => status.id === wamid);
    await waitFor(() => statusesOf(good).length === 3 && statusesOf(bad).length === 1, 5000);
    expect(statusesOf(bad)[0]).toMatchObject({ status: 'failed', errors: [{ code: 131053, title: 'Media upload error' }] });
  });
});
