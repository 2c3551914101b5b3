import { MetaRejection } from '../errors/meta-rejection';
import { TemplateDefinition } from '../validation/template-definition';

export type ListingQuery = Record<string, string | undefined>;

// What Graph returns when `fields` is not given (whatsapp-cloud-api.md §5.1).
const DEFAULT_FIELDS = ['name', 'parameter_format', 'components', 'language', 'status', 'category', 'sub_category', 'id'];
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 1000;
const CURSOR_PREFIX = 'wabus-offset:';

export interface TemplatePage {
  data: Record<string, unknown>[];
  paging?: {
    cursors: { before: string; after: string };
    next?: string;
    previous?: string;
  };
}

/**
 * One page of `GET /{waba-id}/message_templates`: filters (`status`,
 * `category`, `language` as comma lists, `name` and `name_or_content` as
 * case-insensitive substrings), `fields`, `limit` (default 25) and
 * `after`/`before` cursors. `paging.cursors` come with every non-empty page,
 * `next` only when more follows, `previous` only when something precedes.
 */
export function listTemplatePage(templates: TemplateDefinition[], query: ListingQuery, linkBase: string): TemplatePage {
  const matching = templates.filter(filterOf(query));
  const limit = parseLimit(query['limit']);
  let start = 0;
  let end = Math.min(matching.length, limit);
  if (query['after'] !== undefined) {
    start = decodeCursor(query['after']) + 1;
    end = Math.min(matching.length, start + limit);
  } else if (query['before'] !== undefined) {
    end = Math.min(matching.length, decodeCursor(query['before']));
    start = Math.max(0, end - limit);
  }
  const fields = parseFields(query['fields']);
  const data = matching.slice(start, end).map((template) => project(template, fields));
  if (data.length === 0) return { data };
  const paging: NonNullable<TemplatePage['paging']> = {
    cursors: { before: encodeCursor(start), after: encodeCursor(end - 1) },
  };
  if (end < matching.length) paging.next = pageLink(linkBase, query, limit, 'after', paging.cursors.after);
  if (start > 0) paging.previous = pageLink(linkBase, query, limit, 'before', paging.cursors.before);
  return { data, paging };
}

export function encodeCursor(index: number): string {
  return Buffer.from(CURSOR_PREFIX + index).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const index = text.startsWith(CURSOR_PREFIX) ? Number(text.slice(CURSOR_PREFIX.length)) : NaN;
  if (!Number.isInteger(index) || index < 0)
    throw new MetaRejection(100, {
      details: `Param after/before must be a cursor returned by a previous page, received '${cursor}'.`,
    });
  return index;
}

function parseLimit(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_LIMIT;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1)
    throw new MetaRejection(100, {
      details: `Param limit must be a positive integer, received '${value}'.`,
    });
  return Math.min(limit, MAX_LIMIT);
}

function parseFields(value: string | undefined): string[] {
  if (!value) return DEFAULT_FIELDS;
  const fields = value
    .split(',')
    .map((field) => field.trim())
    .filter(Boolean);
  return fields.includes('id') ? fields : [...fields, 'id'];
}

function list(value: string | undefined): string[] | undefined {
  return value ? value.split(',').map((item) => item.trim().toUpperCase()) : undefined;
}

function filterOf(query: ListingQuery): (template: TemplateDefinition) => boolean {
  const statuses = list(query['status']);
  const categories = list(query['category']);
  const languages = list(query['language']);
  const name = query['name']?.toLowerCase();
  const nameOrContent = query['name_or_content']?.toLowerCase();
  return (template) =>
    (!statuses || statuses.includes(template.status.toUpperCase())) &&
    (!categories || categories.includes(template.category.toUpperCase())) &&
    (!languages || languages.includes(template.language.toUpperCase())) &&
    (!name || template.name.toLowerCase().includes(name)) &&
    (!nameOrContent || template.name.toLowerCase().includes(nameOrContent) || JSON.stringify(template.components).toLowerCase().includes(nameOrContent));
}

function project(template: TemplateDefinition, fields: string[]): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  for (const field of fields) if (template[field] !== undefined) item[field] = template[field];
  return item;
}

function pageLink(base: string, query: ListingQuery, limit: number, direction: 'after' | 'before', cursor: string): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && key !== 'after' && key !== 'before' && key !== 'limit' && key !== 'access_token') params.set(key, value);
  }
  params.set('limit', String(limit));
  params.set(direction, cursor);
  return `${base}?${params.toString()}`;
}
