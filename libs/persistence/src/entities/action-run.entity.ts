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
import { ButtonActionEntity } from './button-action.entity';
import { MessageEntity } from './message.entity';

export const ACTION_RUN_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'skipped'] as const;
export type ActionRunStatus = (typeof ACTION_RUN_STATUSES)[number];

/**
 * One execution of an action for the message that triggered it. The unique
 * (action_id, message_id) makes an action run once per message however often
 * the tap is delivered or the event replayed: claim the run with
 * `INSERT … ON CONFLICT DO NOTHING RETURNING id` and act only when a row comes back.
 */
@Entity('action_runs')
@Unique('uq_action_runs_action_message', ['actionId', 'messageId'])
@Index('ix_action_runs_message_id', ['messageId'])
@Index('ix_action_runs_action_created', ['actionId', 'createdAt', 'id'])
@Check('ck_action_runs_status', "status IN ('pending', 'running', 'succeeded', 'failed', 'skipped')")
export class ActionRunEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_action_runs' })
  id: string;

  @Column('uuid')
  actionId: string;

  @ManyToOne(() => ButtonActionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'action_id', foreignKeyConstraintName: 'fk_action_runs_action' })
  action?: ButtonActionEntity;

  @Column('uuid')
  messageId: string;

  @ManyToOne(() => MessageEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'fk_action_runs_message' })
  message?: MessageEntity;

  @Column('text', { default: 'pending' })
  status: ActionRunStatus;

  @Column('jsonb', { nullable: true })
  input: Record<string, unknown> | null;

  @Column('jsonb', { nullable: true })
  outcome: Record<string, unknown> | null;

  @Column('jsonb', { nullable: true })
  error: Record<string, unknown> | null;

  @Column('integer', { default: 0 })
  attempts: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
