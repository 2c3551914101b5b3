import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { STORE_SETTINGS, type StoreSettings } from '../settings/store-settings';
import { WriteBatcher } from './write-batcher';

/**
 * The backstop for statuses that wait for their message: a store killed
 * between a commit and its after-commit check leaves such a status waiting
 * although its message exists; this sweep finds and applies it.
 */
@Injectable()
export class PendingStatusSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly batcher: WriteBatcher,
    @Inject(STORE_SETTINGS) private readonly settings: StoreSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.pendingSweepIntervalMs <= 0) return;
    this.timer = setInterval(() => void this.batcher.reconcile(null), this.settings.pendingSweepIntervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
