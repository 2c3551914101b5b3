import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

export const API_KEY_SCOPES = ['admin', 'send', 'read'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** A key for the REST API, stored as its sha256 (see api-key.ts); the key itself is never stored. */
@Entity('api_keys')
@Unique('uq_api_keys_key_hash', ['keyHash'])
@Check('ck_api_keys_scopes', "cardinality(scopes) > 0 AND scopes <@ ARRAY['admin', 'send', 'read']::text[]")
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_api_keys' })
  id: string;

  @Column('text')
  name: string;

  /** The key's first characters, to tell keys apart in lists. */
  @Column('text')
  prefix: string;

  @Column('text')
  keyHash: string;

  @Column('text', { array: true })
  scopes: ApiKeyScope[];

  /** Channels the key may act on; null means all. */
  @Column('uuid', { array: true, nullable: true })
  channelIds: string[] | null;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  lastUsedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
