import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * The transactional outbox: a fact is written in the same transaction as the
 * change it describes, then published to the `events` queue and marked
 * `published_at`. `dedupe_key` (for example `message.received:<wamid>`) makes
 * a fact exactly-once even when the change is applied twice.
 */
@Entity('domain_events')
@Unique('uq_domain_events_dedupe_key', ['dedupeKey'])
@Index('ix_domain_events_unpublished', ['createdAt'], { where: 'published_at IS NULL' })
export class DomainEventEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_domain_events' })
  id: string;

  @Column('text')
  type: string;

  /** The id of the row the fact is about (message, approval, template, …). */
  @Column('uuid')
  aggregateId: string;

  @Column('jsonb')
  payload: Record<string, unknown>;

  @Column('text', { nullable: true })
  dedupeKey: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  publishedAt: Date | null;
}
