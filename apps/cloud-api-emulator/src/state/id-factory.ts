import { randomBytes } from 'node:crypto';

/**
 * Ids that look like Meta's: `wamid.` + base64 for messages, 15–16 digit
 * decimal strings for media and templates. Template ids travel as JSON
 * numbers in status webhooks, so they stay below 2^53.
 */
export class IdFactory {
  private readonly instance = randomBytes(4).toString('hex').toUpperCase();
  private messageCounter = 0;
  private numericCounter = 0;
  private readonly numericBase = 1_000_000_000_000_000 + Math.floor(Math.random() * 1e14);

  wamid(waId: string): string {
    this.messageCounter++;
    return (
      'wamid.' +
      Buffer.from(`${waId}\u0015\u0002\u0000\u0012${this.instance}${this.messageCounter.toString(16).toUpperCase().padStart(12, '0')}`, 'latin1').toString(
        'base64',
      )
    );
  }

  numeric(): string {
    this.numericCounter++;
    return String(this.numericBase + this.numericCounter * 7);
  }
}
