import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { ChannelEntity } from './channel.entity';
import { ContactEntity } from './contact.entity';

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'expired'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/**
 * A request to a person to approve or reject something, sent as a message
 * with two buttons. `message_id` is our outbound message (known at once),
 * `wa_message_id` its wamid (known once sent); a tap's context names the latter.
 * A decision is a single conditional update (`WHERE status = 'pending'`), so a
 * duplicate tap cannot decide twice.
 */
@Entity('approvals')
@Unique('uq_approvals_wa_message_id', ['waMessageId'])
@Unique('uq_approvals_message_id', ['messageId'])
@Index('ix_approvals_channel_reference', ['channelId', 'reference'])
@Index('ix_approvals_contact_id', ['contactId'])
@Index('ix_approvals_created', ['createdAt', 'id'])
@Index('ix_approvals_pending_expiry', ['expiresAt'], { where: "status = 'pending'" })
@Check('ck_approvals_status', "status IN ('pending', 'approved', 'rejected', 'expired')")
export class ApprovalEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_approvals' })
  id: string;

  @Column('uuid')
  channelId: string;

  @ManyToOne(() => ChannelEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'channel_id', foreignKeyConstraintName: 'fk_approvals_channel' })
  channel?: ChannelEntity;

  /** The approver's number (E.164): the contract's `to`. */
  @Column('text')
  phone: string;

  @Column('uuid', { nullable: true })
  contactId: string | null;

  @ManyToOne(() => ContactEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'fk_approvals_contact' })
  contact?: ContactEntity | null;

  /** The business's own id of the thing to approve (an order number). */
  @Column('text')
  reference: string;

  @Column('text')
  title: string;

  @Column('jsonb', { default: [] })
  lines: unknown[];

  /** numeric, so node-postgres returns it as a string: no float rounding of money. */
  @Column('numeric', { nullable: true })
  amount: string | null;

  @Column('text', { nullable: true })
  currency: string | null;

  @Column('text', { default: 'Approve' })
  approveLabel: string;

  @Column('text', { default: 'Reject' })
  rejectLabel: string;

  @Column('text', { nullable: true })
  callbackUrl: string | null;

  @Column('timestamptz', { nullable: true })
  expiresAt: Date | null;

  @Column('text', { default: 'pending' })
  status: ApprovalStatus;

  @Column('timestamptz', { nullable: true })
  decidedAt: Date | null;

  /** Who decided: the wa_id or phone of the person who tapped. */
  @Column('text', { nullable: true })
  decidedBy: string | null;

  /**
   * Our outbound message (derived from the idempotency key `approval:<id>`, so
   * known before `store` records it): no foreign key, see migration
   * 1795700000000.
   */
  @Column('uuid', { nullable: true })
  messageId: string | null;

  /** The tap that decided, to tell the same tap delivered twice from a later one. */
  @Column('uuid', { nullable: true })
  decisionMessageId: string | null;

  @Column('text', { nullable: true })
  waMessageId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
