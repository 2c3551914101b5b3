import { jsonRows, type SealedSecret, type SqlRunner } from '@wabus/persistence';
import type { TemplateRecord } from '@wabus/domain';
import { isUuid } from '@wabus/domain';

/** What a sync needs of a channel: where to call and with which (sealed) token. */
export interface SyncChannel {
  id: string;
  wabaId: string;
  active: boolean;
  apiVersion: string;
  graphBaseUrl: string;
  accessToken: SealedSecret;
  lastTemplateSyncAt: Date | null;
  lastTemplateSyncError: string | null;
}

export interface UpsertOutcome {
  inserted: number;
  changed: number;
}


const TEMPLATE_COLUMNS = `meta_id text, name text, language text, status text, category text, parameter_format text, components jsonb, quality_score text, rejected_reason text`;

// The columns Meta owns; a row whose values all stay the same keeps its updated_at.
const OWNED = ['meta_id', 'status', 'category', 'parameter_format', 'components', 'quality_score', 'rejected_reason', 'deleted_at'];

/**
 * The SQL of template-sync (the templates table and the channel's sync
 * bookkeeping). Lives beside the sync because libs/persistence is another
 * team's; it follows the same SqlRunner contract as its repositories.
 */
export class TemplateSyncRepository {
  constructor(private readonly sql: SqlRunner) {}

  async channel(channelId: string): Promise<SyncChannel | null> {
    if (!isUuid(channelId)) return null;
    const [row] = await this.sql.rows<SyncChannel>(
      `SELECT id, waba_id AS "wabaId", active, api_version AS "apiVersion", graph_base_url AS "graphBaseUrl", access_token AS "accessToken",
         last_template_sync_at AS "lastTemplateSyncAt", last_template_sync_error AS "lastTemplateSyncError"
       FROM channels WHERE id = $1`,
      [channelId],
    );
    return row ?? null;
  }

  async activeChannelIds(): Promise<string[]> {
    const rows = await this.sql.rows<{ id: string }>(`SELECT id FROM channels WHERE active ORDER BY id`);
    return rows.map((row) => row.id);
  }

  /**
   * One multi-row upsert by (waba, name, language) for a page of templates,
   * stamped with the pass's start: rows the pass did not stamp are the ones
   * Meta no longer lists (see markMissingDeleted). One JSON parameter carries
   * the rows, whatever their number (PostgreSQL's 65,535-parameter limit).
   */
  async upsertPage(wabaId: string, passStartedAt: Date, records: readonly TemplateRecord[]): Promise<UpsertOutcome> {
    if (records.length === 0) return { inserted: 0, changed: 0 };
    const rows = uniqueByKey(records).map((record) => ({
      meta_id: record.metaId,
      name: record.name,
      language: record.language,
      status: record.status,
      category: record.category,
      parameter_format: record.parameterFormat,
      components: record.components,
      quality_score: record.qualityScore,
      rejected_reason: record.rejectedReason,
    }));
    const changed = `(${OWNED.map((column) => `templates.${column}`).join(', ')}) IS DISTINCT FROM (${OWNED.map((column) => `EXCLUDED.${column}`).join(', ')})`;
    const result = await this.sql.rows<{ inserted: boolean; changed: boolean }>(
      `INSERT INTO templates (waba_id, meta_id, name, language, status, category, parameter_format, components, quality_score, rejected_reason, deleted_at, synced_at)
       SELECT $1::text, r.meta_id, r.name, r.language, r.status, r.category, r.parameter_format, COALESCE(r.components, '[]'::jsonb), r.quality_score, r.rejected_reason, NULL::timestamptz, $2::timestamptz
       FROM json_to_recordset($3::json) AS r(${TEMPLATE_COLUMNS})
       ON CONFLICT ON CONSTRAINT uq_templates_waba_name_language DO UPDATE SET
         ${OWNED.map((column) => `${column} = EXCLUDED.${column}`).join(', ')},
         synced_at = EXCLUDED.synced_at,
         updated_at = CASE WHEN ${changed} THEN now() ELSE templates.updated_at END
       RETURNING (xmax = 0) AS inserted, (updated_at = now()) AS changed`,
      [wabaId, passStartedAt, jsonRows(rows)],
    );
    return { inserted: result.filter((row) => row.inserted).length, changed: result.filter((row) => row.changed && !row.inserted).length };
  }

  /** After a complete pass: templates of the WABA it did not see are gone from Meta. Marked, never erased (old messages still name them). */
  async markMissingDeleted(wabaId: string, passStartedAt: Date): Promise<number> {
    return this.sql.execute(`UPDATE templates SET deleted_at = now(), updated_at = now() WHERE waba_id = $1 AND deleted_at IS NULL AND synced_at < $2::timestamptz`, [wabaId, passStartedAt]);
  }

  /** Templates belong to the WABA, so every channel of it is in step after a complete pass. */
  async recordSuccess(wabaId: string, at: Date): Promise<void> {
    await this.sql.execute(`UPDATE channels SET last_template_sync_at = $2, last_template_sync_error = NULL WHERE waba_id = $1`, [wabaId, at]);
  }

  async recordFailure(channelId: string, message: string): Promise<void> {
    await this.sql.execute(`UPDATE channels SET last_template_sync_error = $2 WHERE id = $1`, [channelId, message.slice(0, 2000)]);
  }
}

/** Meta never lists a (name, language) twice, but one statement may not touch a row twice: the last one wins. */
function uniqueByKey(records: readonly TemplateRecord[]): TemplateRecord[] {
  const byKey = new Map<string, TemplateRecord>();
  for (const record of records) byKey.set(`${record.name}\n${record.language}`, record);
  return [...byKey.values()];
}
