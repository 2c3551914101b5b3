import { lookup as dnsLookup, LookupAddress, LookupOptions } from 'node:dns';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Agent, request } from 'undici';
import type { AppConfig } from '@wabus/config';
import { CALLBACK_TIMEOUT_MS, isPrivateAddress, outboundUrlProblems } from '@wabus/domain';
import { APP_CONFIG } from '@wabus/service';

/** Why an attempt did not get an HTTP answer; `permanent` ones are not retried. */
export class CallbackTransportError extends Error {
  constructor(
    readonly code: 'callback_refused_url' | 'callback_private_address' | 'callback_timeout' | 'callback_network',
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'CallbackTransportError';
  }
}

export interface CallbackAnswer {
  status: number;
  /** The first bytes of the answer, for the delivery log. */
  excerpt: string;
}

const EXCERPT_BYTES = 512;
const PRIVATE_ADDRESS = 'ERR_WABUS_PRIVATE_ADDRESS';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * The one HTTP client for business webhooks (undici). Unless private URLs are
 * allowed (development), every address a host name resolves to is checked at
 * connection time, inside the socket's own DNS lookup: a name that resolves
 * to loopback or a private range is refused, including a name that changes
 * its answer between the check and the request (DNS rebinding). Redirects
 * are not followed.
 */
@Injectable()
export class CallbackHttpClient implements OnModuleDestroy {
  private readonly agent: Agent;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.agent = new Agent({
      connect: { timeout: CALLBACK_TIMEOUT_MS, ...(config.allowPrivateUrls ? {} : { lookup: publicOnlyLookup }) },
      headersTimeout: CALLBACK_TIMEOUT_MS,
      bodyTimeout: CALLBACK_TIMEOUT_MS,
      keepAliveTimeout: 10_000,
      connections: 64,
    });
  }

  async post(url: string, body: string, headers: Record<string, string>): Promise<CallbackAnswer> {
    const problems = outboundUrlProblems(url, { allowPrivate: this.config.allowPrivateUrls });
    if (problems.length > 0) throw new CallbackTransportError('callback_refused_url', `The callback URL ${problems[0]}.`, true);
    try {
      const response = await request(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'user-agent': 'wabus-callbacks/1', ...headers },
        dispatcher: this.agent,
        signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS + 1_000),
      });
      return { status: response.statusCode, excerpt: await excerpt(response.body) };
    } catch (error) {
      throw describe(error);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }
}

export function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((entry) => isPrivateAddress(entry.address));
    if (refused) {
      const denial: NodeJS.ErrnoException = new Error(`${hostname} resolves to ${refused.address}, a private or loopback address`);
      denial.code = PRIVATE_ADDRESS;
      return callback(denial, []);
    }
    if (options.all) return callback(null, addresses);
    return callback(null, addresses[0].address, addresses[0].family);
  });
}

async function excerpt(body: AsyncIterable<Buffer> & { destroy?: () => void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= EXCERPT_BYTES) break;
  }
  body.destroy?.();
  return Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8');
}

function describe(error: unknown): CallbackTransportError {
  const chain: unknown[] = [];
  for (let current: unknown = error; current && chain.length < 5; current = (current as { cause?: unknown }).cause) chain.push(current);
  const codes = chain.map((item) => (item as { code?: unknown }).code).filter((code): code is string => typeof code === 'string');
  const names = chain.map((item) => (item as { name?: unknown }).name);
  const message = chain.map((item) => (item instanceof Error ? item.message : String(item))).find(Boolean) ?? 'unknown error';
  if (codes.includes(PRIVATE_ADDRESS)) return new CallbackTransportError('callback_private_address', message, true);
  if (codes.some((code) => code.includes('TIMEOUT')) || names.includes('TimeoutError') || names.includes('AbortError')) {
    return new CallbackTransportError('callback_timeout', `No answer within ${CALLBACK_TIMEOUT_MS} ms.`, false);
  }
  return new CallbackTransportError('callback_network', `${codes[0] ? `${codes[0]}: ` : ''}${message}`, false);
}
