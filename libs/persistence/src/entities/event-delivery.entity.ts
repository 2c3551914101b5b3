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
import { EventSubscriptionEntity } from './event-subscription.entity';

export const EVENT_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type EventDeliveryStatus = (typeof EVENT_DELIVERY_STATUSES)[number];

/**
 * One domain event owed to one subscription. The unique (subscription_id,
 * event_id) means one delivery per event however often the event is handled,
 * and receivers can dedupe on the event id they are sent.
 */
@Entity('event_deliveries')
@Unique('uq_event_deliveries_subscription_event', ['subscriptionId', 'eventId'])
@Index('ix_event_deliveries_subscription_created', ['subscriptionId', 'createdAt', 'id'])
@Index('ix_event_deliveries_event_id', ['eventId'])
@Index('ix_event_deliveries_due', ['nextAttemptAt'], { where: "status = 'pending'" })
@Check('ck_event_deliveries_status', "status IN ('pending', 'delivered', 'failed')")
export class EventDeliveryEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_event_deliveries' })
  id: string;

  @Column('uuid')
  subscriptionId: string;

  @ManyToOne(() => EventSubscriptionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscription_id', foreignKeyConstraintName: 'fk_event_deliveries_subscription' })
  subscription?: EventSubscriptionEntity;

  /** The domain event's id; no foreign key, so the outbox can be pruned while deliveries are kept. */
  @Column('uuid')
  eventId: string;

  @Column('text')
  eventType: string;

  @Column('jsonb')
  payload: Record<string, unknown>;

  /** Where to POST, when not the subscription's own URL (an approval callback, a webhook action, a ticket forward). */
  @Column('text', { nullable: true })
  url: string | null;

  @Column('text', { default: 'pending' })
  status: EventDeliveryStatus;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('text', { nullable: true })
  lastError: string | null;

  @Column('timestamptz', { nullable: true })
  nextAttemptAt: Date | null;

  @Column('timestamptz', { nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
