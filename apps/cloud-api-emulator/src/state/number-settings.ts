import { PairRateLimit } from '../limits/pair-rate.limiter';

/** Delay after acceptance of each status webhook; null means that status is never sent (e.g. read receipts off). */
export interface StatusDelays {
  sent: number | null;
  delivered: number | null;
  read: number | null;
}

// Small by default so tests and the contract check see `read` within a fraction of a second.
export const DEFAULT_STATUS_DELAYS: StatusDelays = {
  sent: 50,
  delivered: 100,
  read: 150,
};
export const DEFAULT_TEMPLATE_APPROVAL_DELAY_MS = 200;

/** A registered business phone number: what `POST /_emulator/phone-numbers` sets. */
export interface NumberSettings {
  phoneNumberId: string;
  wabaId: string;
  accessToken: string;
  appSecret: string;
  webhookUrl: string;
  verifyToken: string;
  throughputMps: number;
  displayPhoneNumber: string;
  verifiedName: string;
  qualityRating: 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';
  pairRateLimit: PairRateLimit;
  statusDelaysMs: StatusDelays;
  /** Recipients that are "not on WhatsApp": sends are accepted, then fail with 131026. */
  notOnWhatsApp: Set<string>;
  /** Templates created through the Graph API are approved after this long (null: they stay PENDING). */
  templateApprovalDelayMs: number | null;
}

/** The settings without secrets, as the control routes answer them. */
export function publicSettings(settings: NumberSettings): Record<string, unknown> {
  const { accessToken: _token, appSecret: _secret, notOnWhatsApp, ...rest } = settings;
  return { ...rest, notOnWhatsApp: [...notOnWhatsApp] };
}

/** The digits Meta puts in webhook metadata and `context.from`. */
export function displayDigits(settings: NumberSettings): string {
  return settings.displayPhoneNumber.replace(/\D/g, '');
}
