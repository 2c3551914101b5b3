import type { SqlRunner } from './sql-runner';

export interface TemplateStatusChange {
  wabaId: string;
  name: string;
  /** As GET message_templates writes it (`en_US`). */
  language: string;
  /** Meta's template id; matched when the name and language are not. */
  metaId: string | null;
  status: string;
  /** Meta's reason for a rejection or pause, kept with REJECTED. */
  reason: string | null;
  deleted: boolean;
}

export interface TemplateCategoryChange {
  wabaId: string;
  name: string;
  language: string;
  metaId: string | null;
  category: string;
}

const MATCH = `waba_id = $1 AND ((name = $2 AND language = $3) OR ($4::text IS NOT NULL AND meta_id = $4))`;

/**
 * Status changes from template webhooks, written at once so they are visible
 * before the next full sync (which `template-sync` runs on the same webhook).
 */
export class TemplateStatusRepository {
  constructor(private readonly sql: SqlRunner) {}

  /** Answers how many templates changed (0 when the template is not synced yet). */
  async applyStatus(change: TemplateStatusChange): Promise<number> {
    return this.sql.execute(
      `UPDATE templates SET status = $5,
         rejected_reason = CASE WHEN $5 = 'REJECTED' THEN $6 ELSE rejected_reason END,
         deleted_at = CASE WHEN $7 THEN COALESCE(deleted_at, now()) ELSE NULL END,
         updated_at = now()
       WHERE ${MATCH}`,
      [change.wabaId, change.name, change.language, change.metaId, change.status, change.reason, change.deleted],
    );
  }

  async applyCategory(change: TemplateCategoryChange): Promise<number> {
    return this.sql.execute(`UPDATE templates SET category = $5, updated_at = now() WHERE ${MATCH}`, [
      change.wabaId,
      change.name,
      change.language,
      change.metaId,
      change.category,
    ]);
  }
}
