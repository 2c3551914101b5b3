import { templateParameterFormat } from './template-definition';

/**
 * The fields asked of `GET /{waba-id}/message_templates` (§5.1). Without
 * `fields` Meta leaves out quality_score and rejected_reason, which we show.
 */
export const TEMPLATE_LIST_FIELDS = [
  'id',
  'name',
  'language',
  'status',
  'category',
  'components',
  'parameter_format',
  'quality_score',
  'rejected_reason',
] as const;

/** Template statuses Meta lists (§5.1) plus those only webhooks carry (§4.7). Only APPROVED can be sent. */
export const TEMPLATE_STATUSES = [
  'APPROVED',
  'PENDING',
  'REJECTED',
  'PAUSED',
  'DISABLED',
  'IN_APPEAL',
  'PENDING_DELETION',
  'DELETED',
  'LIMIT_EXCEEDED',
  'ARCHIVED',
  'LOCKED',
  'FLAGGED',
] as const;

export const TEMPLATE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

/** One template as wabus keeps it (a `templates` row without its bookkeeping). */
export interface TemplateRecord {
  /** Meta's template id, always a string (webhooks send it as a number). */
  metaId: string | null;
  name: string;
  /** With an underscore, as the API lists it (`en_US`). */
  language: string;
  status: string;
  category: string | null;
  parameterFormat: 'POSITIONAL' | 'NAMED';
  components: unknown[];
  /** GREEN, YELLOW, RED or UNKNOWN. */
  qualityScore: string | null;
  /** Meta writes NONE for templates that were not rejected; kept as null then. */
  rejectedReason: string | null;
}

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const word = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/** Webhooks write `en-US` where GET message_templates writes `en_US` (§4.7): compare and store the latter. */
export function normalizeTemplateLanguage(language: string): string {
  return language.trim().replace(/-/g, '_');
}

/** A template item of a listing page as a record; null when it lacks a name or language (never stored). */
export function templateRecordFromGraph(item: unknown): TemplateRecord | null {
  if (!isRecord(item)) return null;
  const name = word(item.name);
  const language = word(item.language);
  if (!name || !language) return null;
  const components = Array.isArray(item.components) ? (item.components as unknown[]) : [];
  const id = item.id;
  const quality = isRecord(item.quality_score) ? word(item.quality_score.score) : word(item.quality_score);
  const rejected = word(item.rejected_reason);
  return {
    metaId: typeof id === 'string' || typeof id === 'number' ? String(id) : null,
    name,
    language: normalizeTemplateLanguage(language),
    status: (word(item.status) ?? 'PENDING').toUpperCase(),
    category: word(item.category)?.toUpperCase() ?? null,
    parameterFormat: templateParameterFormat(components, word(item.parameter_format)?.toUpperCase()),
    components,
    qualityScore: quality?.toUpperCase() ?? null,
    rejectedReason: rejected && rejected.toUpperCase() !== 'NONE' ? rejected : null,
  };
}

/** A page of a listing: its records (unusable items dropped and counted) and the cursor of the next page. */
export interface TemplateListingPage {
  records: TemplateRecord[];
  skipped: number;
  /** `paging.cursors.after`, only when Meta says more follows (`paging.next`). */
  nextCursor: string | null;
}

/** Reads one answer of `GET message_templates`: `paging.next` is absent on the last page (§5.1). */
export function readTemplateListingPage(body: unknown): TemplateListingPage {
  const page = isRecord(body) ? body : {};
  const data = Array.isArray(page.data) ? page.data : [];
  const records = data.map(templateRecordFromGraph).filter((record): record is TemplateRecord => record !== null);
  const paging = isRecord(page.paging) ? page.paging : {};
  const cursors = isRecord(paging.cursors) ? paging.cursors : {};
  const next = word(paging.next);
  const after = word(cursors.after) ?? (next ? afterOf(next) : null);
  return { records, skipped: data.length - records.length, nextCursor: next && after ? after : null };
}

function afterOf(link: string): string | null {
  try {
    return new URL(link).searchParams.get('after');
  } catch {
    return null;
  }
}
