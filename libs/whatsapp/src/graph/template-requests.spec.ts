import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphClient, GraphCredentials } from './graph-client';
import { GraphApiError } from './graph-errors';
import { createTemplate, deleteTemplate, listTemplatesPage } from './template-requests';

describe('template requests', () => {
  let server: Server;
  let answer: { status: number; body: unknown } = { status: 200, body: {} };
  const seen: Array<{ method?: string; url?: string; authorization?: string; body: string }> = [];
  const client = new GraphClient({ allowPrivateUrls: true, responseTimeoutMs: 1_000 });
  let target: GraphCredentials;

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({ method: request.method, url: request.url, authorization: request.headers.authorization, body });
        response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    target = { graphBaseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, apiVersion: 'v23.0', accessToken: 'tok' };
  });

  afterAll(async () => {
    await client.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    seen.length = 0;
    answer = { status: 200, body: {} };
  });

  it('lists a page on the WABA with fields, limit and the after cursor', async () => {
    answer.body = { data: [{ id: '1', name: 'a' }], paging: { cursors: { after: 'QQ' } } };
    const page = await listTemplatesPage(client, target, '102290129340398', { fields: ['id', 'name'], limit: 100, after: 'QVFI=' });
    expect(page.body.data).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/v23.0/102290129340398/message_templates?fields=id%2Cname&limit=100&after=QVFI%3D', authorization: 'Bearer tok' });
  });

  it('leaves out what is not asked for', async () => {
    answer.body = { data: [] };
    await listTemplatesPage(client, target, '1');
    expect(seen[0].url).toBe('/v23.0/1/message_templates');
  });

  it('creates with a JSON body and deletes one language by hsm_id', async () => {
    answer.body = { id: '77', status: 'PENDING', category: 'UTILITY' };
    const created = await createTemplate(client, target, '1', { name: 'x', language: 'en', category: 'UTILITY', components: [{ type: 'BODY', text: 'hi' }] });
    expect(created.body).toEqual({ id: '77', status: 'PENDING', category: 'UTILITY' });
    expect(JSON.parse(seen[0].body)).toMatchObject({ name: 'x', components: [{ type: 'BODY' }] });
    answer.body = { success: true };
    await deleteTemplate(client, target, '1', { name: 'x', hsmId: '77' });
    expect(seen[1]).toMatchObject({ method: 'DELETE', url: '/v23.0/1/message_templates?name=x&hsm_id=77' });
  });

  it("raises Meta's envelope as a GraphApiError", async () => {
    answer = { status: 400, body: { error: { message: '(#100) Invalid parameter', code: 100, error_subcode: 2388023, type: 'OAuthException' } } };
    await expect(createTemplate(client, target, '1', { name: 'x', language: 'en', category: 'UTILITY', components: [] })).rejects.toMatchObject({
      constructor: GraphApiError,
      code: 100,
      subcode: 2388023,
    });
  });
});
