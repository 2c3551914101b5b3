import { describeCloudApiError } from '@wabus/domain';
import type { StoredError } from './write-unit';

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** A numeric Meta code with our catalogue's title, help, fix and retry verdict; Meta's own title and details win. */
function describeMetaCode(code: number, title: string | undefined, details: string | undefined): StoredError {
  const description = describeCloudApiError(code, { title, details });
  return {
    code,
    title: title ?? description.title,
    ...(details ? { details } : {}),
    help: description.help,
    fix: description.fix,
    retryable: description.retryable,
  };
}

/**
 * An error object of a webhook (`statuses[].errors[]`, `messages[].errors[]`):
 * the first one is what the message shows; all of them stay in the history.
 */
export function storedErrorOfWebhook(errors: unknown): StoredError | null {
  const first: unknown = Array.isArray(errors) ? errors[0] : undefined;
  if (!isRecord(first)) return null;
  const details = isRecord(first.error_data) ? text(first.error_data.details) : undefined;
  const title = text(first.title) ?? text(first.message);
  if (typeof first.code === 'number' && Number.isFinite(first.code)) return describeMetaCode(first.code, title, details);
  const code = text(first.code);
  return code ? { code, title: title ?? code, ...(details ? { details } : {}) } : null;
}

/**
 * A failure the sender recorded: Meta's numeric codes get our help text; our
 * own codes (`window_closed`, `opted_out`, `template_invalid`, …) are kept as given.
 */
export function storedErrorOfRecord(error: { code: string; title: string; details?: string }): StoredError {
  const details = text(error.details);
  if (/^\d{1,9}$/.test(error.code)) return describeMetaCode(Number(error.code), text(error.title), details);
  return { code: error.code, title: error.title, ...(details ? { details } : {}) };
}
