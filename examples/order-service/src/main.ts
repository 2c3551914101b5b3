import { WabusHttpClient } from '@wabus/client';
import { createOrderHttpServer } from './order-http.server';
import { OrderService } from './order-service';

/**
 * Starts the example with the stack up (`npm start`) and a subscription for the
 * channel (its secret, shown once, is WABUS_CALLBACK_SECRET). Environment:
 * WABUS_URL, WABUS_API_KEY, WABUS_CHANNEL_ID, WABUS_CALLBACK_SECRET, PORT
 * (4100), ORDER_SERVICE_CALLBACK_URL. Run it with a TypeScript runner that
 * honours the workspace's path aliases (@wabus/*).
 */
// An example service outside wabus reads its own environment (wabus services use @wabus/config).
// eslint-disable-next-line no-restricted-syntax
const env = process.env;
const port = Number(env['PORT'] ?? 4100);
const required = (name: string): string => {
  const value = env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const service = new OrderService({
  wabus: new WabusHttpClient({ baseUrl: env['WABUS_URL'] ?? 'http://127.0.0.1:3000', apiKey: required('WABUS_API_KEY') }),
  channelId: required('WABUS_CHANNEL_ID'),
  callbackUrl: env['ORDER_SERVICE_CALLBACK_URL'] ?? `http://127.0.0.1:${port}/wabus/callback`,
  callbackSecret: required('WABUS_CALLBACK_SECRET'),
});
createOrderHttpServer(service).listen(port, '127.0.0.1', () => process.stdout.write(`order-service listening on http://127.0.0.1:${port}\n`));
