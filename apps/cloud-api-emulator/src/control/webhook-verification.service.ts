import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { request } from 'undici';
import { PhoneNumberRegistry } from '../state/phone-number.registry';
import { controlError } from './control-error';

export interface VerificationResult {
  verified: boolean;
  status: number;
  challenge: string;
  body: string;
}

/**
 * What Meta does when a callback URL is configured (whatsapp-cloud-api.md
 * §4.1): `GET <url>?hub.mode=subscribe&hub.challenge=…&hub.verify_token=…`;
 * verified when the endpoint answers 200 with exactly the challenge.
 */
@Injectable()
export class WebhookVerificationService {
  constructor(private readonly registry: PhoneNumberRegistry) {}

  async verify(phoneNumberId: string): Promise<VerificationResult> {
    const number = this.registry.get(phoneNumberId);
    if (!number) throw controlError(404, 'unknown_phone_number', `No number ${phoneNumberId} is registered.`);
    const challenge = String(randomInt(1_000_000_000, 2_000_000_000));
    const url = new URL(number.settings.webhookUrl);
    url.searchParams.set('hub.mode', 'subscribe');
    url.searchParams.set('hub.challenge', challenge);
    url.searchParams.set('hub.verify_token', number.settings.verifyToken);
    try {
      const response = await request(url, { method: 'GET', headersTimeout: 5000, bodyTimeout: 5000 });
      const body = await response.body.text();
      return { verified: response.statusCode === 200 && body === challenge, status: response.statusCode, challenge, body: body.slice(0, 500) };
    } catch (error) {
      return { verified: false, status: 0, challenge, body: error instanceof Error ? error.message : String(error) };
    }
  }
}
