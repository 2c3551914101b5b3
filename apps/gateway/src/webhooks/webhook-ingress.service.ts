import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ApiError, Metrics } from '@wabus/service';
import { verifyWebhookSignature } from '@wabus/whatsapp';
import { ChannelCredentials, ChannelCredentialsCache } from '../channels/channel-credentials.cache';
import { InboundEnqueueBatcher } from './inbound-enqueue.batcher';

/**
 * Meta's side of the gateway: verification handshakes and deliveries. A
 * delivery is answered 200 only once it is durably queued; nothing is parsed
 * beyond what Fastify already did, and nothing touches the database once the
 * channel's credentials are cached.
 */
@Injectable()
export class WebhookIngressService {
  private readonly deliveries;

  constructor(
    private readonly credentials: ChannelCredentialsCache,
    private readonly batcher: InboundEnqueueBatcher,
    metrics: Metrics,
  ) {
    this.deliveries = metrics.counter({
      name: 'wabus_webhook_deliveries_total',
      help: 'Webhook deliveries from Meta, by outcome (queued, invalid_signature, unknown_channel, …).',
      labelNames: ['outcome'],
    });
  }

  /** Meta's GET handshake: the challenge when mode and token match, else 403. */
  async verify(channelId: string, mode: unknown, token: unknown, challenge: unknown): Promise<string> {
    const channel = await this.credentials.get(channelId);
    if (!channel || mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string' || !sameText(token, channel.verifyToken)) {
      throw new ApiError(403, 'verification_failed', 'The verify token does not match this channel, or hub.mode is not subscribe.');
    }
    return challenge;
  }

  /**
   * Authenticates a delivery, checks it is JSON, and queues it. `checkShape`
   * runs once the signature is known good (so a forged request learns nothing
   * more than 401).
   */
  async accept(channelId: string, rawBody: Buffer | undefined, signature: string | string[] | undefined, checkShape: () => void = () => undefined): Promise<void> {
    const channel = await this.activeChannel(channelId);
    if (!rawBody || rawBody.length === 0) {
      this.deliveries.inc({ outcome: 'empty_body' });
      throw new ApiError(401, 'invalid_signature', 'The delivery has no body to check the X-Hub-Signature-256 header against.');
    }
    if (signature === undefined) {
      this.deliveries.inc({ outcome: 'missing_signature' });
      throw new ApiError(401, 'missing_signature', 'The X-Hub-Signature-256 header is missing.');
    }
    if (!verifyWebhookSignature(channel.appSecret, rawBody, signature)) {
      this.deliveries.inc({ outcome: 'invalid_signature' });
      throw new ApiError(401, 'invalid_signature', "The X-Hub-Signature-256 header does not match the body signed with this channel's app secret.");
    }
    checkShape();
    const text = rawBody.toString('utf8');
    if (!isJson(text)) {
      this.deliveries.inc({ outcome: 'malformed_json' });
      throw new ApiError(400, 'malformed_json', 'The delivery is not valid JSON.');
    }
    // The same body to the same channel is the same delivery: Meta's retries collapse.
    const jobId = createHash('sha256').update(channelId).update('\n').update(rawBody).digest('hex');
    try {
      await this.batcher.enqueue({ v: 1, channelId, receivedAt: new Date().toISOString(), body: text }, jobId);
    } catch {
      this.deliveries.inc({ outcome: 'queue_unavailable' });
      throw new ApiError(503, 'queue_unavailable', 'The delivery could not be queued; Meta will retry it.');
    }
    this.deliveries.inc({ outcome: 'queued' });
  }

  private async activeChannel(channelId: string): Promise<ChannelCredentials> {
    const channel = await this.credentials.get(channelId);
    if (!channel || !channel.active) {
      this.deliveries.inc({ outcome: 'unknown_channel' });
      throw new ApiError(404, 'unknown_channel', `No active channel with id ${channelId}.`, { channelId });
    }
    return channel;
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function sameText(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}
