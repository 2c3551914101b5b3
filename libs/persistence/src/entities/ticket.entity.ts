import {
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
import { ActionRunEntity } from './action-run.entity';
import { ChannelEntity } from './channel.entity';
import { ContactEntity } from './contact.entity';
import { MessageEntity } from './message.entity';

/**
 * A ticket opened by a `create_ticket` action (or by an operator). The unique
 * `action_run_id` keeps a retried action run from opening a second ticket.
 */
@Entity('tickets')
@Unique('uq_tickets_action_run_id', ['actionRunId'])
@Index('ix_tickets_channel_created', ['channelId', 'createdAt'])
@Index('ix_tickets_contact_id', ['contactId'])
@Index('ix_tickets_message_id', ['messageId'])
export class TicketEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_tickets' })
  id: string;

  @Column('uuid')
  channelId: string;

  @ManyToOne(() => ChannelEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'channel_id', foreignKeyConstraintName: 'fk_tickets_channel' })
  channel?: ChannelEntity;

  @Column('uuid', { nullable: true })
  contactId: string | null;

  @ManyToOne(() => ContactEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'fk_tickets_contact' })
  contact?: ContactEntity | null;

  @Column('uuid', { nullable: true })
  messageId: string | null;

  @ManyToOne(() => MessageEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'fk_tickets_message' })
  message?: MessageEntity | null;

  @Column('uuid', { nullable: true })
  actionRunId: string | null;

  @ManyToOne(() => ActionRunEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'action_run_id', foreignKeyConstraintName: 'fk_tickets_action_run' })
  actionRun?: ActionRunEntity | null;

  @Column('text')
  subject: string;

  @Column('text', { nullable: true })
  body: string | null;

  @Column('text', { default: 'open' })
  status: string;

  /** The ticket's id in an outside system, once handed over. */
  @Column('text', { nullable: true })
  externalRef: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
