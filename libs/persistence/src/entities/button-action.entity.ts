import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { ChannelEntity } from './channel.entity';

export const BUTTON_ACTION_TYPES = [
  'send_message',
  'update_contact',
  'create_ticket',
  'update_status',
  'webhook',
  'rule',
] as const;
export type ButtonActionType = (typeof BUTTON_ACTION_TYPES)[number];

/** What to do when a user taps the button with `button_id` (on one channel, or on any when `channel_id` is null). */
@Entity('button_actions')
@Index('ix_button_actions_button', ['buttonId', 'channelId'])
@Index('ix_button_actions_channel_id', ['channelId'])
@Check(
  'ck_button_actions_type',
  "type IN ('send_message', 'update_contact', 'create_ticket', 'update_status', 'webhook', 'rule')",
)
export class ButtonActionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_button_actions' })
  id: string;

  @Column('text')
  name: string;

  /** The reply button or list row id, or the template button payload, that triggers the action. */
  @Column('text')
  buttonId: string;

  @Column('uuid', { nullable: true })
  channelId: string | null;

  @ManyToOne(() => ChannelEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'channel_id', foreignKeyConstraintName: 'fk_button_actions_channel' })
  channel?: ChannelEntity | null;

  @Column('text')
  type: ButtonActionType;

  @Column('jsonb', { default: {} })
  config: Record<string, unknown>;

  @Column('boolean', { default: true })
  active: boolean;

  /** Order of execution among the actions of one button. */
  @Column('integer', { default: 0 })
  sequence: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
