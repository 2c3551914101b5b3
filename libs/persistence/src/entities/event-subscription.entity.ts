import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { SealedSecret } from '../secret-box';
import { ChannelEntity } from './channel.entity';

/** A business service's endpoint for signed outbound webhooks of domain events. */
@Entity('event_subscriptions')
@Index('ix_event_subscriptions_channel_id', ['channelId'])
export class EventSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_event_subscriptions' })
  id: string;

  @Column('text')
  url: string;

  /** The signing secret, sealed by the SecretBox. */
  @Column('jsonb')
  secret: SealedSecret;

  /** Event types delivered to this endpoint. */
  @Column('text', { array: true, default: [] })
  events: string[];

  /** Only events of this channel; null means every channel. */
  @Column('uuid', { nullable: true })
  channelId: string | null;

  @ManyToOne(() => ChannelEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'channel_id', foreignKeyConstraintName: 'fk_event_subscriptions_channel' })
  channel?: ChannelEntity | null;

  @Column('boolean', { default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
