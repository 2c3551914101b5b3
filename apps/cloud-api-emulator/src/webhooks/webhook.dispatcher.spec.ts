import pino from 'pino';
import { verifyWebhookSignature } from '@wabus/whatsapp';
import { EmulatorClock } from '../clock/emulator-clock';
import { FaultInjector } from '../faults/fault-injector';
import { faultsFromInput } from '../faults/faults-from-input';
import { StatsRecorder } from '../state/stats.recorder';
import { WebhookLog } from '../state/webhook-log';
import { WebhookChange } from './webhook-change';
import { WebhookPoster } from './webhook-http.client';
import { WebhookDispatcher } from './webhook.dispatcher';

interface Posted {
  url: string;
  body: string;
  headers: Record<string, string>;
  answer(status: number): void;
}

/** An endpoint whose answers the test gives by hand. */
class ManualPoster implements WebhookPoster {
  readonly posted: Posted[] = [];
  post(url: string, body: string, headers: Record<string, string>): Promise<number> {
    return new Promise((resolve) => this.posted.push({ url, body, headers, answer: resolve }));
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

const target = { url: 'http://endpoint/hook', appSecret: 'secret' };
const change = (n: number): WebhookChange => ({ wabaId: 'waba', field: 'messages', value: { n } });
const flush = () => new Promise((resolve) => setImmediate(resolve));

function setup(faults = {}) {
  const injector = new FaultInjector();
  injector.configure(faultsFromInput(faults, 1));
  const stats = new StatsRecorder();
  const poster = new ManualPoster();
  const dispatcher = new WebhookDispatcher(injector, stats, new WebhookLog(), new EmulatorClock(), poster, pino({ level: 'silent' }));
  return { dispatcher, poster, stats };
}

describe('WebhookDispatcher', () => {
  it('posts a lone change on its own, signed, and counts it delivered on 200', async () => {
    const { dispatcher, poster, stats } = setup();
    dispatcher.deliver(target, change(1));
    await flush();
    expect(poster.posted).toHaveLength(1);
    const [post] = poster.posted;
    expect(JSON.parse(post.body)).toEqual({ object: 'whatsapp_business_account', entry: [{ id: 'waba', changes: [{ value: { n: 1 }, field: 'messages' }] }] });
    expect(verifyWebhookSignature('secret', post.body, post.headers['x-hub-signature-256'])).toBe(true);
    expect(dispatcher.pendingChanges).toBe(1);
    post.answer(200);
    await flush();
    expect(dispatcher.pendingChanges).toBe(0);
    expect(stats.webhookDelivered).toBe(1);
  });

  it('sends changes that fall due together in one POST, at most 100 per POST', async () => {
    const { dispatcher, poster } = setup();
    for (let i = 0; i < 250; i++) dispatcher.deliver(target, change(i));
    await flush();
    const sizes = poster.posted.map((post) => JSON.parse(post.body).entry[0].changes.length);
    expect(sizes).toEqual([100, 100, 50]);
    const values = poster.posted.flatMap((post) => JSON.parse(post.body).entry[0].changes.map((item: { value: { n: number } }) => item.value.n));
    expect(values).toEqual(Array.from({ length: 250 }, (_, i) => i));
    poster.posted.forEach((post) => post.answer(200));
    await flush();
    expect(dispatcher.pendingChanges).toBe(0);
  });

  it('keeps at most 32 POSTs in flight per endpoint and sends the rest as slots free up', async () => {
    const { dispatcher, poster } = setup({ webhook: { batchSize: 1 } });
    for (let i = 0; i < 40; i++) dispatcher.deliver(target, change(i));
    await flush();
    expect(poster.posted).toHaveLength(32);
    poster.posted.slice(0, 8).forEach((post) => post.answer(200));
    await flush();
    expect(poster.posted).toHaveLength(40);
  });

  it('drops every change at dropRate 1 and counts it', () => {
    const { dispatcher, poster, stats } = setup({ webhook: { dropRate: 1 } });
    dispatcher.deliver(target, change(1));
    expect(poster.posted).toHaveLength(0);
    expect(stats.webhookDropped).toBe(1);
    expect(dispatcher.pendingChanges).toBe(0);
  });

  it('forgets queued work on reset and ignores answers to POSTs already in flight', async () => {
    const { dispatcher, poster, stats } = setup({ webhook: { batchSize: 1 } });
    for (let i = 0; i < 40; i++) dispatcher.deliver(target, change(i));
    await flush();
    dispatcher.reset();
    expect(dispatcher.pendingChanges).toBe(0);
    poster.posted.forEach((post) => post.answer(200));
    await flush();
    expect(poster.posted).toHaveLength(32);
    expect(stats.webhookDelivered).toBe(0);
  });

  it('sends an explicit duplicate as a second POST of identical bytes', async () => {
    const { dispatcher, poster, stats } = setup();
    dispatcher.deliver(target, { ...change(1), extraCopies: 1 });
    await flush();
    expect(poster.posted).toHaveLength(2);
    expect(poster.posted[0].body).toBe(poster.posted[1].body);
    expect(poster.posted[0].headers).toEqual(poster.posted[1].headers);
    expect(stats.webhookDuplicates).toBe(1);
  });
});
