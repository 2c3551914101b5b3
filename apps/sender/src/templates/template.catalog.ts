import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TemplateEntity } from '@wabus/persistence';
import { SENDER_SETTINGS, SenderSettings } from '../sender.settings';
import type { SyncedTemplate } from './template-parameters';

interface Entry {
  value: Promise<SyncedTemplate | null>;
  expiresAt: number;
}

/**
 * Synced templates by (WABA, name, language), cached briefly: a campaign
 * sends one template thousands of times. A template missing here is left to
 * Meta to judge (template-sync may not have run yet).
 */
@Injectable()
export class TemplateCatalog {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SENDER_SETTINGS) private readonly settings: SenderSettings,
  ) {}

  find(wabaId: string, name: string, language: string): Promise<SyncedTemplate | null> {
    // Webhooks write languages with a hyphen (en-US), Graph lists them with an underscore (en_US).
    const normalized = language.replace('-', '_');
    const key = `${wabaId}\n${name}\n${normalized}`;
    const now = Date.now();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > now) return cached.value;
    if (this.entries.size > 10_000) this.entries.clear();
    const value = this.dataSource
      .getRepository(TemplateEntity)
      .findOne({ where: { wabaId, name, language: normalized } })
      .then((row) =>
        row ? { name: row.name, language: row.language, status: row.status, parameterFormat: row.parameterFormat, components: row.components, deletedAt: row.deletedAt } : null,
      );
    this.entries.set(key, { value, expiresAt: now + this.settings.templateCacheMs });
    value.catch(() => this.entries.delete(key));
    return value;
  }
}
