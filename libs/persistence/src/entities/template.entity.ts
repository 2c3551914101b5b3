import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/**
 * A message template as last synced from Meta. Templates belong to a WhatsApp
 * Business Account, not to a number, so every channel of a WABA shares them.
 * A template deleted at Meta keeps its row with `deleted_at` set, so old
 * messages still resolve it.
 */
@Entity('templates')
@Unique('uq_templates_waba_name_language', ['wabaId', 'name', 'language'])
@Index('ix_templates_meta_id', ['metaId'])
export class TemplateEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_templates' })
  id: string;

  @Column('text')
  wabaId: string;

  /** Meta's template id. */
  @Column('text', { nullable: true })
  metaId: string | null;

  @Column('text')
  name: string;

  @Column('text')
  language: string;

  /** Meta's status word (APPROVED, PENDING, REJECTED, PAUSED, DISABLED, …). */
  @Column('text')
  status: string;

  @Column('text', { nullable: true })
  category: string | null;

  /** POSITIONAL or NAMED. */
  @Column('text', { nullable: true })
  parameterFormat: string | null;

  @Column('jsonb', { default: [] })
  components: unknown[];

  @Column('text', { nullable: true })
  qualityScore: string | null;

  @Column('text', { nullable: true })
  rejectedReason: string | null;

  @Column('timestamptz', { nullable: true })
  deletedAt: Date | null;

  @Column('timestamptz', { default: () => 'now()' })
  syncedAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
