/** A template as Meta stores and lists it (whatsapp-cloud-api.md §5.1); extra fields are kept as given. */
export interface TemplateDefinition {
  id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  parameter_format: 'POSITIONAL' | 'NAMED';
  components: TemplateDefinitionComponent[];
  [field: string]: unknown;
}

export interface TemplateDefinitionComponent {
  type: string;
  format?: string;
  text?: string;
  buttons?: TemplateDefinitionButton[];
  [field: string]: unknown;
}

export interface TemplateDefinitionButton {
  type: string;
  text?: string;
  url?: string;
  [field: string]: unknown;
}

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
] as const;
export const TEMPLATE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;

const PLACEHOLDER = /\{\{\s*([a-z_][a-z0-9_]*|\d+)\s*\}\}/g;

/** The distinct variables of a template text (`{{1}}`, `{{first_name}}`), in order of first use. */
export function templatePlaceholders(text: string | undefined): string[] {
  if (!text) return [];
  const names: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) if (!names.includes(match[1])) names.push(match[1]);
  return names;
}
