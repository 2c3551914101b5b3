import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { SqlRunner } from '@wabus/persistence';
import type { Logger } from 'pino';
import type { ButtonActionType } from '@wabus/domain';
import { LOGGER, POOL_SQL } from '@wabus/service';
import type { RunnableAction } from '../button-actions/action-runs.repository';
import { TableChange, TableChangesListener } from './table-changes.listener';

const FULL_RELOAD_MS = 60_000;

interface Entry extends RunnableAction {
  channelId: string | null;
}

/**
 * The active button actions, by button id, kept in memory: a tap finds what
 * to do without a query, and a tap on a button without actions (most of
 * them) costs nothing. Reloaded when PostgreSQL says the table changed (a
 * trigger's NOTIFY), so an action saved through the API applies to the taps
 * that follow it. Runs are still claimed against the table: an action deleted
 * a moment ago is not run.
 */
@Injectable()
export class ButtonActionDirectory implements OnModuleInit, OnModuleDestroy {
  private byButton = new Map<string, Entry[]>();
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> | undefined;

  constructor(
    @Inject(POOL_SQL) private readonly sql: SqlRunner,
    private readonly changes: TableChangesListener,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.changes.watch(TableChange.ButtonActions, () => void this.refresh().catch((error: unknown) => this.logger.warn({ err: error }, 'could not reload the button actions')));
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), FULL_RELOAD_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** The actions of a tapped button on a channel (its own and the global ones), in execution order. */
  forButton(buttonId: string, channelId: string): RunnableAction[] {
    return (this.byButton.get(buttonId) ?? []).filter((entry) => entry.channelId === null || entry.channelId === channelId);
  }

  refresh(): Promise<void> {
    this.reloading ??= this.load().finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  private async load(): Promise<void> {
    const rows = await this.sql.rows<Entry & { buttonId: string; type: ButtonActionType }>(
      `SELECT id, name, button_id AS "buttonId", channel_id AS "channelId", type, config FROM button_actions
        WHERE active ORDER BY sequence, created_at, id`,
    );
    const byButton = new Map<string, Entry[]>();
    for (const { buttonId, ...entry } of rows) byButton.set(buttonId, [...(byButton.get(buttonId) ?? []), entry]);
    this.byButton = byButton;
  }
}
