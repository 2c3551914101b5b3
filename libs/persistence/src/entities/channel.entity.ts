import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import type { SealedSecret } from '../secret-box';

/** A business phone number on the Cloud API, with its credentials sealed by the SecretBox. */
@Entity('channels')
@Unique('uq_channels_phone_number_id', ['phoneNumberId'])
@Index('ix_channels_waba_id', ['wabaId'])
@Check('ck_channels_throughput_mps', 'throughput_mps > 0')
export class ChannelEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_channels' })
  id: string;

  @Column('text')
  name: string;

  /** Meta's id of the number; webhooks are routed by it (metadata.phone_number_id). */
  @Column('text')
  phoneNumberId: string;

  @Column('text')
  wabaId: string;

  @Column('text', { nullable: true })
  displayPhoneNumber: string | null;

  @Column('jsonb')
  accessToken: SealedSecret;

  @Column('jsonb')
  appSecret: SealedSecret;

  @Column('jsonb')
  verifyToken: SealedSecret;

  @Column('text', { default: 'v23.0' })
  apiVersion: string;

  @Column('text', { default: 'https://graph.facebook.com' })
  graphBaseUrl: string;

  /** Meta's default per-number throughput is 80 messages/s (peers.md). */
  @Column('integer', { default: 80 })
  throughputMps: number;

  @Column('boolean', { default: true })
  active: boolean;

  @Column('timestamptz', { nullable: true })
  lastTemplateSyncAt: Date | null;

  @Column('text', { nullable: true })
  lastTemplateSyncError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
