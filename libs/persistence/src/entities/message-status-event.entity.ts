import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { MessageEntity } from './message.entity';

/**
 * Every status Meta reported for a wamid: the message's status history.
 * Meta delivers webhooks at least once and concurrently, so the same status
 * arrives more than once and a status can arrive before its message is
 * recorded: duplicates collapse on (wa_message_id, status, occurred_at), and
 * an event with no message yet is kept (`message_id` null, `applied` false)
 * until the message lands.
 */
@Entity('message_status_events')
@Unique('uq_message_status_events_wamid_status_occurred', ['waMessageId', 'status', 'occurredAt'])
@Index('ix_message_status_events_message', ['messageId', 'occurredAt'])
@Index('ix_message_status_events_unapplied', ['waMessageId'], { where: 'NOT applied' })
export class MessageStatusEventEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_message_status_events' })
  id: string;

  @Column('uuid', { nullable: true })
  messageId: string | null;

  @ManyToOne(() => MessageEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'fk_message_status_events_message' })
  message?: MessageEntity | null;

  @Column('text')
  waMessageId: string;

  /** Meta's word (sent, delivered, read, failed, …), kept even when it is new to us. */
  @Column('text')
  status: string;

  /** Meta's timestamp of the status. */
  @Column('timestamptz')
  occurredAt: Date;

  @Column('jsonb', { nullable: true })
  errors: unknown[] | null;

  @Column('jsonb', { nullable: true })
  pricing: Record<string, unknown> | null;

  @Column('jsonb', { nullable: true })
  conversation: Record<string, unknown> | null;

  @Column('jsonb', { nullable: true })
  raw: Record<string, unknown> | null;

  /** Whether the message row reflects this status yet. */
  @Column('boolean', { default: false })
  applied: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
