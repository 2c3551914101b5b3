import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ContactEntity, type SqlRunner } from '@wabus/persistence';
import { POOL_SQL } from '@wabus/service';

/**
 * The contact fields an action may change: attributes, tags, opt-out. Each is
 * one atomic statement on the changed key only, so it neither loses a
 * concurrent change by `store` (profile name, phone) nor repeats itself when
 * a run is retried.
 */
@Injectable()
export class ContactsRepository {
  constructor(private readonly dataSource: DataSource, @Inject(POOL_SQL) private readonly sql: SqlRunner) {}

  find(contactId: string): Promise<ContactEntity | null> {
    return this.dataSource.getRepository(ContactEntity).findOne({ where: { id: contactId } });
  }

  /** null removes the attribute. */
  async setAttribute(contactId: string, name: string, value: unknown): Promise<boolean> {
    const updated =
      value === null
        ? await this.sql.rows(`UPDATE contacts SET attributes = attributes - $2::text, updated_at = now() WHERE id = $1 RETURNING id`, [contactId, name])
        : await this.sql.rows(`UPDATE contacts SET attributes = jsonb_set(attributes, ARRAY[$2::text], $3::jsonb, true), updated_at = now() WHERE id = $1 RETURNING id`, [
            contactId,
            name,
            JSON.stringify(value),
          ]);
    return updated.length > 0;
  }

  async addTag(contactId: string, tag: string): Promise<boolean> {
    await this.sql.execute(`UPDATE contacts SET tags = array_append(tags, $2::text), updated_at = now() WHERE id = $1 AND NOT ($2::text = ANY(tags))`, [contactId, tag]);
    return this.exists(contactId);
  }

  async removeTag(contactId: string, tag: string): Promise<boolean> {
    await this.sql.execute(`UPDATE contacts SET tags = array_remove(tags, $2::text), updated_at = now() WHERE id = $1 AND $2::text = ANY(tags)`, [contactId, tag]);
    return this.exists(contactId);
  }

  async setOptedOut(contactId: string, optedOut: boolean): Promise<boolean> {
    await this.sql.execute(
      `UPDATE contacts SET opted_out = $2, opted_out_at = CASE WHEN $2 THEN COALESCE(opted_out_at, now()) ELSE NULL END, updated_at = now()
       WHERE id = $1 AND opted_out IS DISTINCT FROM $2`,
      [contactId, optedOut],
    );
    return this.exists(contactId);
  }

  private async exists(contactId: string): Promise<boolean> {
    return (await this.sql.rows<unknown>('SELECT 1 FROM contacts WHERE id = $1', [contactId])).length > 0;
  }
}
