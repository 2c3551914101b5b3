import { publicOnlyLookup } from './callback-http.client';

describe('publicOnlyLookup', () => {
  const lookup = (hostname: string, all: boolean) =>
    new Promise<{ error: NodeJS.ErrnoException | null; address: unknown }>((resolve) => publicOnlyLookup(hostname, { all }, (error, address) => resolve({ error, address })));

  it.each([true, false])('refuses a host name that resolves to loopback (all=%p), at connection time', async (all) => {
    const { error } = await lookup('localhost', all);
    expect(error?.code).toBe('ERR_WABUS_PRIVATE_ADDRESS');
    expect(error?.message).toMatch(/localhost resolves to .* private or loopback/);
  });
});
