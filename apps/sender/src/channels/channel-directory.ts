import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChannelEntity, SecretBox } from '@wabus/persistence';
import type { GraphTarget } from '@wabus/whatsapp';
import { SENDER_SETTINGS, SenderSettings } from '../sender.settings';

/** What the sender needs of a channel; the access token is opened once per cache period, never logged. */
export interface SendChannel {
  id: string;
  wabaId: string;
  phoneNumberId: string;
  throughputMps: number;
  active: boolean;
  target: GraphTarget;
}

interface Entry {
  value: Promise<SendChannel | null>;
  expiresAt: number;
}

// A channel that does not exist is remembered briefly, so a burst of jobs for it costs one query.
const MISSING_CACHE_MS = 5_000;

/**
 * Channels by id, cached in the process: every send needs its channel, and a
 * query per send would cost more than the send. A channel change reaches every
 * replica as a notification (ChannelChangesController) and drops the entry at
 * once; the cache period bounds the staleness if a notification is lost.
 */
@Injectable()
export class ChannelDirectory {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
    @Inject(SENDER_SETTINGS) private readonly settings: SenderSettings,
  ) {}

  async get(channelId: string): Promise<SendChannel | null> {
    const now = Date.now();
    const cached = this.entries.get(channelId);
    if (cached && cached.expiresAt > now) return cached.value;
    const value = this.load(channelId);
    this.entries.set(channelId, { value, expiresAt: now + this.settings.channelCacheMs });
    value.then(
      (channel) => {
        if (!channel) this.entries.set(channelId, { value, expiresAt: now + MISSING_CACHE_MS });
      },
      () => this.entries.delete(channelId),
    );
    return value;
  }

  forget(channelId: string): void {
    this.entries.delete(channelId);
  }

  private async load(channelId: string): Promise<SendChannel | null> {
    const row = await this.dataSource.getRepository(ChannelEntity).findOne({ where: { id: channelId } });
    if (!row) return null;
    return {
      id: row.id,
      wabaId: row.wabaId,
      phoneNumberId: row.phoneNumberId,
      throughputMps: row.throughputMps,
      active: row.active,
      target: { graphBaseUrl: row.graphBaseUrl, apiVersion: row.apiVersion, phoneNumberId: row.phoneNumberId, accessToken: this.secrets.open(row.accessToken) },
    };
  }
}
