import type { GraphClient, GraphCredentials, GraphExchange } from './graph-client';

/**
 * The template management calls of the WhatsApp Business Management API
 * (whatsapp-cloud-api.md §5), on a WABA rather than a number, composed on
 * GraphClient.request so they share its pool, timeouts and error parsing.
 */

export interface TemplateListQuery {
  /** Which fields Meta answers with; its defaults leave out quality_score and rejected_reason (§5.1). */
  fields?: readonly string[];
  limit?: number;
  /** `paging.cursors.after` of the previous page. */
  after?: string | null;
}

/** One page as Meta answers it: `paging.next` only when more follows. */
export interface TemplateListAnswer {
  data: unknown[];
  paging?: { cursors?: { before?: string; after?: string }; next?: string; previous?: string };
}

/** The body of `POST /{waba-id}/message_templates` (§5.3), in Meta's field names. */
export interface TemplateCreateRequest {
  name: string;
  language: string;
  category: string;
  components: unknown[];
  parameter_format?: 'POSITIONAL' | 'NAMED';
  allow_category_change?: boolean;
}

export interface TemplateCreateAnswer {
  id: string;
  status: string;
  category: string;
}

/** `GET /{waba-id}/message_templates`: one page. */
export function listTemplatesPage(graph: GraphClient, target: GraphCredentials, wabaId: string, query: TemplateListQuery = {}): Promise<GraphExchange<TemplateListAnswer>> {
  return graph.request<TemplateListAnswer>(target, 'GET', `${wabaId}/message_templates`, {
    query: { fields: query.fields?.join(','), limit: query.limit, after: query.after ?? undefined },
  });
}

/** `POST /{waba-id}/message_templates`: Meta answers PENDING and reviews it (status webhook later). */
export function createTemplate(graph: GraphClient, target: GraphCredentials, wabaId: string, body: TemplateCreateRequest): Promise<GraphExchange<TemplateCreateAnswer>> {
  return graph.request<TemplateCreateAnswer>(target, 'POST', `${wabaId}/message_templates`, { body });
}

/**
 * `DELETE /{waba-id}/message_templates?name=…[&hsm_id=…]`: without `hsmId`
 * every language of the name goes (§5.5); with it, only that template.
 */
export function deleteTemplate(graph: GraphClient, target: GraphCredentials, wabaId: string, template: { name: string; hsmId?: string | null }): Promise<GraphExchange<{ success: boolean }>> {
  return graph.request<{ success: boolean }>(target, 'DELETE', `${wabaId}/message_templates`, {
    query: { name: template.name, hsm_id: template.hsmId ?? undefined },
  });
}
