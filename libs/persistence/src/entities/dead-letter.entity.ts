import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A job that kept failing, kept for an operator to read and replay. Unique
 * (queue, job_id): a job that fails again after a crash is recorded once.
 */
@Entity('dead_letters')
@Unique('uq_dead_letters_queue_job', ['queue', 'jobId'])
@Index('ix_dead_letters_failed', ['failedAt', 'id'])
export class DeadLetterEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_dead_letters' })
  id: string;

  @Column('text')
  queue: string;

  @Column('text')
  jobName: string;

  @Column('text')
  jobId: string;

  @Column('jsonb')
  payload: Record<string, unknown>;

  @Column('jsonb', { nullable: true })
  error: Record<string, unknown> | null;

  @Column('timestamptz', { default: () => 'now()' })
  failedAt: Date;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('timestamptz', { nullable: true })
  replayedAt: Date | null;

  /** The id of the job the replay enqueued. */
  @Column('text', { nullable: true })
  replayJobId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
