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
import { ConversationEntity } from './conversation.entity';

export const MESSAGE_DIRECTIONS = ['in', 'out'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

/** The contract's message statuses; Meta's raw status words live in message_status_events. */
export const MESSAGE_STATUSES = ['queued', 'sent', 'delivered', 'read', 'failed', 'received'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** A send or delivery error as stored: Meta's code, title and details, and our help text. */
export interface StoredMessageError {
  code: number | string;
  title: string;
  details?: string;
  help?: string;
}

/**
 * The SQL expression of the full-text index on `text`. A query must use exactly
 * this expression (`MESSAGE_TEXT_SEARCH_VECTOR @@ websearch_to_tsquery('simple', $1)`)
 * for PostgreSQL to use the index.
 */
export const MESSAGE_TEXT_SEARCH_VECTOR = "to_tsvector('simple', text)";

/**
 * One message, inbound or outbound. Idempotent writes rest on two unique keys:
 * `wa_message_id` (Meta redelivers webhooks for up to 7 days) and `(channel_id,
 * idempotency_key)` (a client retrying a send). Both columns are nullable and
 * PostgreSQL treats NULLs as distinct, so the keys bind only once a value is
 * known, and `ON CONFLICT (wa_message_id) DO NOTHING` works without a predicate.
 *
 * The list indexes end in `created_at DESC, id DESC` in the migration: the
 * cursor of `GET /v1/messages` is (created_at, id). TypeORM cannot express the
 * sort order, so the decorators below only name the indexes.
 */
@Entity('messages')
@Unique('uq_messages_wa_message_id', ['waMessageId'])
@Unique('uq_messages_channel_idempotency_key', ['channelId', 'idempotencyKey'])
@Index('ix_messages_created', ['createdAt', 'id'])
@Index('ix_messages_channel_created', ['channelId', 'createdAt', 'id'])
@Index('ix_messages_conversation_created', ['conversationId', 'createdAt', 'id'])
@Index('ix_messages_contact_created', ['contactId', 'createdAt', 'id'])
@Index('ix_messages_type_created', ['type', 'createdAt', 'id'])
@Index('ix_messages_context_wa_message_id', ['contextWaMessageId'])
@Index('ix_messages_text_search', { synchronize: false })
@Check('ck_messages_direction', "direction IN ('in', 'out')")
@Check('ck_messages_status', "status IN ('queued', 'sent', 'delivered', 'read', 'failed', 'received')")
export class MessageEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_messages' })
  id: string;

  @Column('uuid')
  channelId: string;

  @ManyToOne(() => ChannelEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'channel_id', foreignKeyConstraintName: 'fk_messages_channel' })
  channel?: ChannelEntity;

  @Column('uuid')
  conversationId: string;

  @ManyToOne(() => ConversationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversation_id', foreignKeyConstraintName: 'fk_messages_conversation' })
  conversation?: ConversationEntity;

  @Column('uuid')
  contactId: string;

  @ManyToOne(() => ContactEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'fk_messages_contact' })
  contact?: ContactEntity;

  @Column('text')
  direction: MessageDirection;

  /** Meta's message type (text, image, interactive, button, template, …): an open set. */
  @Column('text')
  type: string;

  /** Meta's wamid; null until the Cloud API has accepted an outbound message. */
  @Column('text', { nullable: true })
  waMessageId: string | null;

  @Column('text', { nullable: true })
  idempotencyKey: string | null;

  @Column('text')
  status: MessageStatus;

  /** The readable content (body, caption, button title, …) for display and search. */
  @Column('text', { nullable: true })
  text: string | null;

  /** The type object, as in Meta's API. */
  @Column('jsonb', { nullable: true })
  payload: Record<string, unknown> | null;

  /** The wamid this message replies to (a button tap carries the message that had the button). */
  @Column('text', { nullable: true })
  contextWaMessageId: string | null;

  /** The id of a tapped reply button or list row, or a template button's payload: what actions bind to. */
  @Column('text', { nullable: true })
  replyId: string | null;

  /** The webhook's message item exactly as received. */
  @Column('jsonb', { nullable: true })
  raw: Record<string, unknown> | null;

  /** The Graph API request body we sent. */
  @Column('jsonb', { nullable: true })
  request: Record<string, unknown> | null;

  /** The Graph API response body we received. */
  @Column('jsonb', { nullable: true })
  response: Record<string, unknown> | null;

  @Column('jsonb', { nullable: true })
  error: StoredMessageError | null;

  /** When the current status was reached (Meta's timestamp for sent/delivered/read/failed). */
  @Column('timestamptz', { nullable: true })
  statusAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
