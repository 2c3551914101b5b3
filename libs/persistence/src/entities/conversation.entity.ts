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
import { ChannelEntity } from './channel.entity';
import { ContactEntity } from './contact.entity';

/** The thread between one channel and one contact. */
@Entity('conversations')
@Unique('uq_conversations_channel_contact', ['channelId', 'contactId'])
@Index('ix_conversations_contact_id', ['contactId'])
@Index('ix_conversations_channel_last_message', ['channelId', 'lastMessageAt', 'id'])
@Index('ix_conversations_last_message', ['lastMessageAt', 'id'])
export class ConversationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_conversations' })
  id: string;

  @Column('uuid')
  channelId: string;

  @ManyToOne(() => ChannelEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'channel_id', foreignKeyConstraintName: 'fk_conversations_channel' })
  channel?: ChannelEntity;

  @Column('uuid')
  contactId: string;

  @ManyToOne(() => ContactEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'fk_conversations_contact' })
  contact?: ContactEntity;

  /** The customer's last message: the 24-hour customer service window runs from here. */
  @Column('timestamptz', { nullable: true })
  lastInboundAt: Date | null;

  @Column('timestamptz', { default: () => 'now()' })
  lastMessageAt: Date;

  @Column('integer', { default: 0 })
  unreadCount: number;

  @Column('integer', { default: 0 })
  messageCount: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
