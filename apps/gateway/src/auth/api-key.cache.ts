import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { ApiKeyEntity, hashApiKey } from '@wabus/persistence';
import { ApiKeyPrincipal } from './api-key-principal';

const TTL_MS = 30_000;
const LAST_USED_EVERY_MS = 60_000;

interface Entry {
  principal: ApiKeyPrincipal | null;
  expiresAt: number;
}

/**
 * API keys by their sha256, so a request costs no database round trip while
 * its key is cached. A revoked key stops working on every replica at once
 * (Notification.ApiKeyChanged) or within the TTL if that notification is lost.
 */
@Injectable()
export class ApiKeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(private readonly dataSource: DataSource) {}

  async principalFor(key: string): Promise<ApiKeyPrincipal | null> {
    const hash = hashApiKey(key);
    const cached = this.entries.get(hash);
    if (cached && cached.expiresAt > Date.now()) return cached.principal;
    const row = await this.dataSource.getRepository(ApiKeyEntity).findOne({ where: { keyHash: hash, revokedAt: IsNull() } });
    const principal = row ? { keyId: row.id, name: row.name, scopes: row.scopes, channelIds: row.channelIds } : null;
    this.entries.set(hash, { principal, expiresAt: Date.now() + TTL_MS });
    return principal;
  }

  /** Records use at most once a minute per key: enough for operators, nothing on the hot path. */
  noteUse(principal: ApiKeyPrincipal): void {
    const now = Date.now();
    if ((this.lastUsedWritten.get(principal.keyId) ?? 0) > now - LAST_USED_EVERY_MS) return;
    this.lastUsedWritten.set(principal.keyId, now);
    void this.dataSource
      .getRepository(ApiKeyEntity)
      .update({ id: principal.keyId }, { lastUsedAt: new Date(now) })
      .catch(() => undefined);
  }

  invalidateAll(): void {
    this.entries.clear();
  }
}
