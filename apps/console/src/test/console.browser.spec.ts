import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { waitFor } from '@wabus/testing';
import { ConsoleStack, Json, startConsoleStack } from './console-stack';

jest.setTimeout(90_000);

/** Debian's chromium (apt-get install chromium); the test never downloads a browser. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = path.resolve(__dirname, '../../../../tmp/artifacts/console');
const CONSOLE_BUILD = path.resolve(__dirname, '../../../../dist/apps/console/index.html');
const UI_TIMEOUT_MS = 20_000;

const orderReady = {
  name: 'order_ready',
  language: 'en_US',
  category: 'UTILITY',
  components: [{ type: 'BODY', text: 'Hello {{1}}, your order {{2}} is ready.', example: { body_text: [['Ada', '#42']] } }],
};

/**
 * The operator console in a real browser against the real stack: every
 * service in-process and the Cloud API emulator playing the customer.
 */
describe('console: in a browser, against the whole stack', () => {
  let stack: ConsoleStack;
  let browser: BrowserContext;
  let profile: string;
  const pageErrors: string[] = [];
  const customer = `23480${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) to run the console's browser tests.`);
    if (!existsSync(CONSOLE_BUILD)) throw new Error(`The console is not built (${CONSOLE_BUILD} is missing): run \`npx nx build console\` first (npm test builds it).`);
    mkdirSync(ARTIFACTS, { recursive: true });
    stack = await startConsoleStack([orderReady]);
    profile = mkdtempSync(path.join(tmpdir(), 'wabus-console-chromium-'));
    browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1360, height: 860 } });
    browser.setDefaultTimeout(UI_TIMEOUT_MS);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  // A failing test leaves its page open: keep what it showed. A script error in the page fails the test.
  afterEach(async () => {
    const errors = pageErrors.splice(0);
    for (const [i, page] of browser.pages().entries()) {
      await page.screenshot({ path: path.join(ARTIFACTS, `failed-${expect.getState().currentTestName?.replace(/\W+/g, '-')}-${i}.png`), fullPage: true }).catch(() => undefined);
      await page.close();
    }
    expect(errors).toEqual([]);
  });

  async function logIn(key: string): Promise<Page> {
    const page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${error.message} ${error.stack ?? ''}`));
    await page.goto(`${stack.gatewayUrl}/console/`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('● live').waitFor();
    return page;
  }

  async function customerWrites(text: string): Promise<string> {
    const sent = await stack.emulator('POST', '/_emulator/inbound', { phoneNumberId: stack.number.phoneNumberId, from: customer, type: 'text', text: { body: text }, profileName: 'Ada Lovelace' });
    expect(sent.status).toBe(201);
    return sent.json.id;
  }

  it('serves the console with a content security policy', async () => {
    const response = await fetch(`${stack.gatewayUrl}/console/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await response.text()).toContain('<div id="root"></div>');
  });

  it('shows an inbound message in the inbox without a reload, and a reply goes to read', async () => {
    const page = await logIn(stack.adminKey);
    const first = `Hello, is my order ready? ${randomUUID().slice(0, 6)}`;
    await customerWrites(first);
    const conversation = page.locator('button.conversation', { hasText: `+${customer}` });
    await conversation.waitFor();
    await conversation.click();
    await page.locator('.bubble-in', { hasText: first }).waitFor();
    await expect(page.locator('.chat-header .window-pill').textContent()).resolves.toMatch(/^Window open · 2[34] h/);

    // A second message arrives while the chat is open: it appears there too.
    const second = `Also, can I pay on delivery? ${randomUUID().slice(0, 6)}`;
    await customerWrites(second);
    await page.locator('.bubble-in', { hasText: second }).waitFor();

    await page.getByLabel('Reply').fill('It is on its way!');
    await page.getByLabel('Reply').press('Enter');
    const reply = page.locator('.bubble-out', { hasText: 'It is on its way!' });
    await reply.waitFor();
    await page.locator('.bubble-out[data-status="read"]', { hasText: 'It is on its way!' }).waitFor();
    await expect(reply.locator('.tick').getAttribute('aria-label')).resolves.toBe('Read by the customer');
    await page.screenshot({ path: path.join(ARTIFACTS, 'inbox.png'), fullPage: true });
    await page.close();
  });

  it('sends a template with parameters from the send form, with a live preview', async () => {
    await waitFor(async () => (await stack.api('GET', `/v1/templates?channelId=${stack.channelId}&name=order_ready`)).json?.data?.length === 1, UI_TIMEOUT_MS, 'the template to be synced');
    const page = await logIn(stack.adminKey);
    await page.getByRole('link', { name: 'Send' }).click();
    const form = page.getByRole('form', { name: 'Send a message' });
    await form.getByLabel('Channel').selectOption(stack.channelId);
    await form.getByRole('textbox', { name: 'Phone number' }).fill(`+${customer}`);
    await form.getByRole('tab', { name: 'Template' }).click();
    await form.getByRole('combobox', { name: 'Template', exact: true }).selectOption({ label: 'order_ready (en_US) · utility' });
    await form.getByLabel('Body {{1}}').fill('Grace');
    await form.getByLabel('Body {{2}}').fill('#1042');
    await form.getByLabel('Template preview').getByText('Hello Grace, your order #1042 is ready.').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'send-form.png'), fullPage: true });
    await form.getByRole('button', { name: 'Send template' }).click();
    const queued = await form.getByRole('status').textContent();
    const messageId = /Queued: message (\S+)/.exec(queued ?? '')?.[1];
    expect(messageId).toBeDefined();

    const sent: Json = await waitFor(async () => {
      const outbox = (await stack.emulator('GET', `/_emulator/outbox?phoneNumberId=${stack.number.phoneNumberId}&to=${customer}`)).json.data as Json[];
      return outbox.find((row) => row.body?.type === 'template');
    }, UI_TIMEOUT_MS, 'the template at the emulator');
    expect(sent.verdict).toBe('accepted');
    expect(sent.body.template).toMatchObject({ name: 'order_ready', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Grace' }, { type: 'text', text: '#1042' }] }] });
    await page.close();
  });

  it('shows an approval as approved once the approver taps Approve at the emulator', async () => {
    const page = await logIn(stack.adminKey);
    await page.getByRole('link', { name: 'Actions & approvals' }).click();
    const reference = `SO-${randomUUID().slice(0, 6)}`;
    const form = page.getByRole('form', { name: 'Ask for an approval' });
    await form.getByLabel('Channel').selectOption(stack.channelId);
    await form.getByLabel("Approver's phone").fill(`+${customer}`);
    await form.getByLabel('Reference').fill(reference);
    await form.getByLabel('Title').fill('Sales order for ACME');
    await form.getByRole('button', { name: 'Send for approval' }).click();
    const row = page.getByRole('table', { name: 'Approvals' }).locator('tr', { hasText: reference });
    await row.getByText('pending').waitFor();

    const approval: Json = (await stack.api('GET', `/v1/approvals?reference=${reference}`)).json.data[0];
    const wamid: string = await waitFor(async () => ((await stack.api('GET', `/v1/messages/${approval.messageId}`)).json?.waMessageId as string | null) ?? undefined, UI_TIMEOUT_MS, 'the approval message to be sent');
    const tapped = await stack.emulator('POST', '/_emulator/click', { phoneNumberId: stack.number.phoneNumberId, from: customer, messageId: wamid, buttonId: `approval:${approval.id}:approve` });
    expect(tapped.status).toBe(201);

    await row.getByText('approved').waitFor();
    await expect(row.textContent()).resolves.toContain(`by +${customer}`);
    await page.close();
  });

  it('tests a rule in the button action form on the sample event, and shows the effects or the error', async () => {
    const page = await logIn(stack.adminKey);
    await page.getByRole('link', { name: 'Actions & approvals' }).click();
    const form = page.getByRole('form', { name: 'New button action' });
    await form.getByLabel('Type').selectOption('rule');
    const panel = form.getByRole('region', { name: 'Test rule' });
    await waitFor(async () => (await panel.getByLabel('Sample event (JSON)').inputValue()).includes('order-yes'), UI_TIMEOUT_MS, 'the sample event to be filled in');
    await form.getByLabel('Configuration (JSON)').fill(JSON.stringify({ language: 'jsonata', expression: "{'type': 'send_message', 'config': {'text': 'Hi ' & contact.name}}" }));
    await panel.getByRole('button', { name: 'Test rule' }).click();
    await panel.getByRole('status').getByText('"text": "Hi Ada Lovelace"').waitFor();
    await form.getByLabel('Configuration (JSON)').fill(JSON.stringify({ language: 'jsonata', expression: "{'type': 'rule', 'config': {}}" }));
    await panel.getByRole('button', { name: 'Test rule' }).click();
    await panel.getByText(/^rule_output_invalid: /).waitFor();
    await page.close();
  });

  it('offers a read-only key no way to send, and the gateway refuses its sends', async () => {
    const readOnly = await stack.keyWith(['read']);
    const page = await logIn(readOnly);
    await expect(page.locator('.who').textContent()).resolves.toContain('read');
    await expect(page.getByRole('link', { name: 'Send' }).count()).resolves.toBe(0);
    await page.locator('button.conversation', { hasText: `+${customer}` }).click();
    await page.getByText('This API key can read only: replies are off.').waitFor();
    await expect(page.getByLabel('Reply').count()).resolves.toBe(0);
    await page.goto(`${stack.gatewayUrl}/console/#/send`);
    await page.getByText('● live').waitFor();
    await expect(page.getByRole('form', { name: 'Send a message' }).count()).resolves.toBe(0);

    const refused = await stack.api('POST', '/v1/messages', { channelId: stack.channelId, to: `+${customer}`, type: 'text', text: { body: 'sneaky' } }, readOnly);
    expect(refused.status).toBe(403);
    await page.close();
  });
});
