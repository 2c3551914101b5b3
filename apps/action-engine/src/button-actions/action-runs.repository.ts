import { Inject, Injectable } from '@nestjs/common';
import type { ButtonActionType } from '@wabus/domain';
import type { ActionRunStatus, SqlRunner } from '@wabus/persistence';
import { POOL_SQL } from '@wabus/service';

export interface ClaimedRun {
  id: string;
  attempts: number;
  /** What an earlier attempt recorded (a rule's effects are kept before they are applied). */
  outcome: Record<string, unknown> | null;
}

/** The parts of a button action a run needs. */
export interface RunnableAction {
  id: string;
  name: string;
  type: ButtonActionType;
  config: Record<string, unknown>;
}

export interface RunError {
  code: string;
  message: string;
  details?: unknown;
}

/**
 * action_runs: one row per (action, triggering message), whose unique key is
 * the exactly-once guarantee. Every write is a single statement.
 */
@Injectable()
export class ActionRunsRepository {
  constructor(@Inject(POOL_SQL) private readonly sql: SqlRunner) {}

  /**
   * Takes the runs of these actions for this tap, in one statement; returns
   * them by action id. A new run is inserted as `running`; a run left
   * `pending`, `running` (its worker died) or `failed` is taken again with
   * attempts + 1; a run that already succeeded (or was skipped) is not taken,
   * and neither is an action deleted a moment ago.
   */
  async claim(actionIds: string[], messageId: string): Promise<Map<string, ClaimedRun>> {
    const rows = await this.sql.rows<ClaimedRun & { actionId: string }>(
      `INSERT INTO action_runs (action_id, message_id, status, attempts)
       SELECT id, $2, 'running', 1 FROM button_actions WHERE id = ANY($1::uuid[])
       ON CONFLICT (action_id, message_id) DO UPDATE
         SET status = 'running', attempts = action_runs.attempts + 1, updated_at = now()
         WHERE action_runs.status IN ('pending', 'running', 'failed')
       RETURNING id, action_id AS "actionId", attempts, outcome`,
      [actionIds, messageId],
    );
    return new Map(rows.map(({ actionId, ...run }) => [actionId, run]));
  }

  /** Keeps a rule's effects before any is applied; the first attempt's list wins, so a retry applies the same effects. */
  async keepOutcome(runId: string, outcome: Record<string, unknown>): Promise<Record<string, unknown>> {
    const rows = await this.sql.rows<{ outcome: Record<string, unknown> }>(
      `UPDATE action_runs SET outcome = COALESCE(outcome, $2), updated_at = now() WHERE id = $1 RETURNING outcome`,
      [runId, outcome],
    );
    return rows[0]?.outcome ?? outcome;
  }

  /** Records the outcome, and the input the run saw (the trigger document). */
  async finish(runId: string, status: Extract<ActionRunStatus, 'succeeded' | 'skipped'>, input: Record<string, unknown>, outcome: Record<string, unknown>): Promise<void> {
    await this.sql.execute(`UPDATE action_runs SET status = $2, input = $3, outcome = $4, error = NULL, updated_at = now() WHERE id = $1`, [runId, status, input, outcome]);
  }

  /** A failed attempt: `failed` when no retry follows, `pending` while one is scheduled. */
  async fail(runId: string, input: Record<string, unknown>, error: RunError, final: boolean): Promise<void> {
    await this.sql.execute(`UPDATE action_runs SET status = $2, input = $3, error = $4, updated_at = now() WHERE id = $1`, [runId, final ? 'failed' : 'pending', input, error]);
  }
}
