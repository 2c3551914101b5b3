import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChannelDirectoryRepository, runStatements, type ChannelRoute } from '@wabus/persistence';

const KNOWN_TTL_MS = 5 * 60 * 1000;
/** A number not registered yet is asked again soon: the operator may be adding its channel right now. */
const UNKNOWN_TTL_MS = 5 * 1000;

interface Cached {
  route: ChannelRoute | null;
  until: number;
}

/**
 * Which channel a webhook change belongs to, by `metadata.phone_number_id`
 * (never by `entry.id`, which names the WABA). Cached per process, dropped on
 * every ChannelChanged notification.
 */
@Injectable()
export class ChannelDirectory {
  private readonly byPhoneNumberId = new Map<string, Cached>();

  constructor(private readonly dataSource: DataSource) {}

  async routes(phoneNumberIds: Iterable<string>, now = Date.now()): Promise<Map<string, ChannelRoute>> {
    const result = new Map<string, ChannelRoute>();
    const missing: string[] = [];
    for (const id of new Set(phoneNumberIds)) {
      const cached = this.byPhoneNumberId.get(id);
      if (cached && cached.until > now) {
        if (cached.route) result.set(id, cached.route);
      } else missing.push(id);
    }
    if (missing.length > 0) {
      const found = await runStatements(this.dataSource, (sql) => new ChannelDirectoryRepository(sql).byPhoneNumberIds(missing));
      for (const id of missing) {
        const route = found.find((channel) => channel.phoneNumberId === id) ?? null;
        this.byPhoneNumberId.set(id, { route, until: now + (route ? KNOWN_TTL_MS : UNKNOWN_TTL_MS) });
        if (route) result.set(id, route);
      }
    }
    return result;
  }

  /** Every channel of a WhatsApp Business Account (templates belong to the WABA); rare, so not cached. */
  async channelsOfWaba(wabaId: string): Promise<ChannelRoute[]> {
    return runStatements(this.dataSource, (sql) => new ChannelDirectoryRepository(sql).byWabaId(wabaId));
  }

  forget(): void {
    this.byPhoneNumberId.clear();
  }
}
