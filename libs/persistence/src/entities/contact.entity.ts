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

/**
 * A WhatsApp user as seen by one channel. `wa_id` may be missing for users
 * known only by their business-scoped user id (Meta's BSUID rollout), so a
 * contact needs one of the two. NULLs are distinct in PostgreSQL, so both
 * unique keys hold only among non-null values and `ON CONFLICT (channel_id,
 * user_id)` needs no index predicate.
 */
@Entity('contacts')
@Unique('uq_contacts_channel_wa_id', ['channelId', 'waId'])
@Unique('uq_contacts_channel_user_id', ['channelId', 'userId'])
@Index('ix_contacts_channel_phone', ['channelId', 'phone'])
@Check('ck_contacts_identity', 'wa_id IS NOT NULL OR user_id IS NOT NULL')
export class ContactEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_contacts' })
  id: string;

  @Column('uuid')
  channelId: string;

  @ManyToOne(() => ChannelEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'channel_id', foreignKeyConstraintName: 'fk_contacts_channel' })
  channel?: ChannelEntity;

  /** Digits only, as Meta sends it; may differ from the number we sent to (Brazil, Mexico). */
  @Column('text', { nullable: true })
  waId: string | null;

  /** E.164 with the leading +. */
  @Column('text', { nullable: true })
  phone: string | null;

  /** Meta's business-scoped user id. */
  @Column('text', { nullable: true })
  userId: string | null;

  @Column('text', { nullable: true })
  username: string | null;

  @Column('text', { nullable: true })
  profileName: string | null;

  @Column('jsonb', { default: {} })
  attributes: Record<string, unknown>;

  @Column('text', { array: true, default: [] })
  tags: string[];

  @Column('boolean', { default: false })
  optedOut: boolean;

  @Column('timestamptz', { nullable: true })
  optedOutAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
