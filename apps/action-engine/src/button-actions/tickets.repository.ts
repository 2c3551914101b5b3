import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TicketEntity, type SqlRunner } from '@wabus/persistence';
import { POOL_SQL } from '@wabus/service';

export interface NewTicket {
  actionRunId: string;
  channelId: string;
  contactId: string | null;
  messageId: string;
  subject: string;
  body: string | null;
}

@Injectable()
export class TicketsRepository {
  constructor(private readonly dataSource: DataSource, @Inject(POOL_SQL) private readonly sql: SqlRunner) {}

  /** One ticket per action run (unique action_run_id): a retried run finds the ticket it opened. */
  async openOnce(ticket: NewTicket): Promise<{ ticket: TicketEntity; opened: boolean }> {
    const inserted = await this.sql.rows<{ id: string }>(
      `INSERT INTO tickets (action_run_id, channel_id, contact_id, message_id, subject, body)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (action_run_id) DO NOTHING
       RETURNING id`,
      [ticket.actionRunId, ticket.channelId, ticket.contactId, ticket.messageId, ticket.subject, ticket.body],
    );
    const row = await this.dataSource.getRepository(TicketEntity).findOneOrFail({ where: { actionRunId: ticket.actionRunId } });
    return { ticket: row, opened: inserted.length > 0 };
  }
}
