import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApprovalDecision } from '@wabus/domain';
import { ApprovalEntity, type SqlRunner } from '@wabus/persistence';
import { POOL_SQL } from '@wabus/service';

export interface Decision {
  approvalId: string;
  status: ApprovalDecision;
  decidedBy: string;
  /** The tap that decided (null when an action decided without a tap of this approval's buttons). */
  decisionMessageId: string | null;
  contactId: string | null;
  /** The wamid the tap replied to: the approval's message, when the tap came from its buttons. */
  waMessageId?: string | null;
}

/**
 * approvals as the engine changes them. A decision is one conditional UPDATE
 * (`status = 'pending'` and not past the expiry), so of two taps racing, or a
 * tap racing the expiry sweep, exactly one wins.
 */
@Injectable()
export class ApprovalsRepository {
  constructor(private readonly dataSource: DataSource, @Inject(POOL_SQL) private readonly sql: SqlRunner) {}

  find(id: string): Promise<ApprovalEntity | null> {
    return this.dataSource.getRepository(ApprovalEntity).findOne({ where: { id } });
  }

  /** The approval asked by one of our messages (by our id or by its wamid). */
  async findByMessage(messageId: string | null, waMessageId: string | null): Promise<ApprovalEntity | null> {
    const where = [...(messageId ? [{ messageId }] : []), ...(waMessageId ? [{ waMessageId }] : [])];
    return where.length > 0 ? this.dataSource.getRepository(ApprovalEntity).findOne({ where }) : null;
  }

  /** The decided approval, or null when it was no longer pending (or had expired). */
  async decide(decision: Decision): Promise<ApprovalEntity | null> {
    const rows = await this.sql.rows<{ id: string }>(
      `UPDATE approvals
          SET status = $2, decided_at = now(), decided_by = $3, decision_message_id = $4,
              contact_id = COALESCE(contact_id, $5), wa_message_id = COALESCE(wa_message_id, $6), updated_at = now()
        WHERE id = $1 AND status = 'pending' AND (expires_at IS NULL OR expires_at > now())
        RETURNING id`,
      [decision.approvalId, decision.status, decision.decidedBy, decision.decisionMessageId, decision.contactId, decision.waMessageId ?? null],
    );
    return rows.length > 0 ? this.find(decision.approvalId) : null;
  }

  /** Marks pending approvals past their expiry as expired (at most `limit`); returns the ones it changed. */
  async expireDue(limit: number, approvalId?: string): Promise<ApprovalEntity[]> {
    const rows = await this.sql.rows<{ id: string }>(
      `UPDATE approvals SET status = 'expired', decided_at = expires_at, updated_at = now()
        WHERE id IN (
          SELECT id FROM approvals
           WHERE status = 'pending' AND expires_at <= now() ${approvalId ? 'AND id = $2' : ''}
           ORDER BY expires_at
           LIMIT $1
           FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      approvalId ? [limit, approvalId] : [limit],
    );
    if (rows.length === 0) return [];
    return this.dataSource.getRepository(ApprovalEntity).find({ where: rows.map((row) => ({ id: row.id })) });
  }

  /** Approvals expired lately: the sweep publishes their events again, in case a crash came between the update and the publish. */
  expiredSince(since: Date, limit: number): Promise<ApprovalEntity[]> {
    return this.dataSource
      .getRepository(ApprovalEntity)
      .createQueryBuilder('approval')
      .where("approval.status = 'expired'")
      .andWhere('approval.updated_at >= :since', { since })
      .orderBy('approval.updated_at', 'ASC')
      .limit(limit)
      .getMany();
  }
}
