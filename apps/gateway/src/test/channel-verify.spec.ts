import { randomUUID } from 'node:crypto';
import { createServiceApp, ServiceApp } from '@wabus/service';
import { testConfig } from '@wabus/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- tests start the emulator in-process as their oracle; production code never imports another app.
import { EMULATOR_BODY_LIMIT_BYTES, EmulatorModule } from '../../../cloud-api-emulator/src/emulator.module';
import { GatewayHarness, startGateway } from './gateway-harness';

describe('POST /v1/channels/:id/verify against the emulator', () => {
  let gateway: GatewayHarness;
  let emulator: ServiceApp;
  let emulatorUrl: string;
  const number = { phoneNumberId: `4${Date.now()}`, wabaId: '4242424242', accessToken: `token-${randomUUID()}`, appSecret: 'secret-12345678', verifyToken: 'verify-12345678' };

  beforeAll(async () => {
    emulator = await createServiceApp({ name: 'cloud-api-emulator', module: EmulatorModule, bodyLimitBytes: EMULATOR_BODY_LIMIT_BYTES }, testConfig('cloud-api-emulator'));
    await emulator.app.listen({ port: 0, host: '127.0.0.1' });
    emulatorUrl = await emulator.app.getUrl();
    await fetch(`${emulatorUrl}/_emulator/phone-numbers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...number, webhookUrl: 'http://127.0.0.1:1/hook', throughputMps: 80, displayPhoneNumber: '15550001111' }),
    });
    gateway = await startGateway();
  });

  afterAll(async () => {
    await gateway?.close();
    await emulator?.app.close();
  });

  async function verify(overrides: Record<string, unknown>) {
    const created = await gateway.api('POST', '/v1/channels', { name: 'verify', ...number, phoneNumberId: `${number.phoneNumberId}`, graphBaseUrl: emulatorUrl, apiVersion: 'v21.0', ...overrides });
    const report = await gateway.api('POST', `/v1/channels/${created.json.id}/verify`);
    await gateway.api('DELETE', `/v1/channels/${created.json.id}`);
    return report;
  }

  it("reports ok with Meta's view of the number, and warns about a mismatching display number", async () => {
    const report = await verify({ displayPhoneNumber: '15559999999' });
    expect(report.status).toBe(200);
    expect(report.json).toMatchObject({ ok: true, problem: null, phoneNumber: { id: number.phoneNumberId, display_phone_number: '15550001111' } });
    expect(report.json.warnings.join(' ')).toMatch(/Meta shows this number as 15550001111/);
  });

  it.each([
    ['a wrong token', { accessToken: 'token-not-the-right-one' }, 'bad_token', /refused the access token/],
    ['an unknown phone number id', { phoneNumberId: '999999999999' }, 'wrong_phone_number_id', /knows no phone number 999999999999/],
    ['an unreachable Graph URL', { graphBaseUrl: 'http://127.0.0.1:1' }, 'unreachable', /Could not reach the Graph API at http:\/\/127\.0\.0\.1:1/],
  ])('says what is wrong for %s', async (_, overrides, code, problem) => {
    const report = await verify(overrides);
    expect(report.status).toBe(200);
    expect(report.json).toMatchObject({ ok: false, code, phoneNumber: null });
    expect(report.json.problem).toMatch(problem);
  });
});
