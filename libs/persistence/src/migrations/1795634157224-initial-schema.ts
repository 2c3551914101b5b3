import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole first schema. Written by hand and frozen: later changes are new
 * migrations, never edits here. The entities mirror it (the schema-drift test
 * proves it), but where TypeORM cannot express something — sort orders of list
 * indexes, the full-text expression index — this file is the truth.
 *
 * gen_random_uuid() is core since PostgreSQL 13, so no extension is needed.
 * Unique keys are constraints, not partial unique indexes: NULLs are distinct,
 * so a nullable key (wamid, idempotency key, user id) binds only once known,
 * and `ON CONFLICT (cols)` finds the constraint without an index predicate.
 */
export class InitialSchema1795634157224 implements MigrationInterface {
  // Explicit, because bundlers may rename classes and TypeORM would then
  // believe the migration had never run.
  name = 'InitialSchema1795634157224';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES_IN_DROP_ORDER) await queryRunner.query(`DROP TABLE "${table}"`);
  }
}

const ID = 'id uuid NOT NULL DEFAULT gen_random_uuid()';
const CREATED_AT = 'created_at timestamptz NOT NULL DEFAULT now()';
const UPDATED_AT = 'updated_at timestamptz NOT NULL DEFAULT now()';

const UP = [
  `CREATE TABLE channels (
    ${ID},
    name text NOT NULL,
    phone_number_id text NOT NULL,
    waba_id text NOT NULL,
    display_phone_number text,
    access_token jsonb NOT NULL,
    app_secret jsonb NOT NULL,
    verify_token jsonb NOT NULL,
    api_version text NOT NULL DEFAULT 'v23.0',
    graph_base_url text NOT NULL DEFAULT 'https://graph.facebook.com',
    throughput_mps integer NOT NULL DEFAULT 80,
    active boolean NOT NULL DEFAULT true,
    last_template_sync_at timestamptz,
    last_template_sync_error text,
    ${CREATED_AT},
    ${UPDATED_AT},
    CONSTRAINT pk_channels PRIMARY KEY (id),
    CONSTRAINT uq_channels_phone_number_id UNIQUE (phone_number_id),
    CONSTRAINT ck_channels_throughput_mps CHECK (throughput_mps > 0)
  )`,
  `CREATE INDEX ix_channels_waba_id ON channels (waba_id)`,

  `CREATE TABLE contacts (
    ${ID},
    channel_id uuid NOT NULL,
    wa_id text,
    phone text,
    user_id text,
    username text,
    profile_name text,
    attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
    tags text[] NOT NULL DEFAULT '{}'::text[],
    opted_out boolean NOT NULL DEFAULT false,
    opted_out_at timestamptz,
    ${CREATED_AT},
    ${UPDATED_AT},
    CONSTRAINT pk_contacts PRIMARY KEY (id),
    CONSTRAINT fk_contacts_channel FOREIGN KEY (channel_id) REFERENCES channels (id) ON DELETE CASCADE,
    CONSTRAINT uq_contacts_channel_wa_id UNIQUE (channel_id, wa_id),
    CONSTRAINT uq_contacts_channel_user_id UNIQUE (channel_id, user_id),
    CONSTRAINT ck_contacts_identity CHECK (wa_id IS NOT NULL OR user_id IS NOT NULL)
  )`,
  `CREATE INDEX ix_contacts_channel_phone ON contacts (channel_id, phone)`,

  `CREATE TABLE conversations (
    ${ID},
    channel_id uuid NOT NULL,
    contact_id uuid NOT NULL,
    last_inbound_at timestamptz,
    last_message_at timestamptz NOT NULL DEFAULT now(),
    unread_count integer NOT NULL DEFAULT 0,
    message_count integer NOT NULL DEFAULT 0,
    ${CREATED_AT},
    ${UPDATED_AT},
    CONSTRAINT pk_conversations PRIMARY KEY (id),
    CONSTRAINT fk_conversations_channel FOREIGN KEY (channel_id) REFERENCES channels (id) ON DELETE CASCADE,
    CONSTRAINT fk_conversations_contact FOREIGN KEY (contact_id) REFERENCES contacts (id) ON DELETE CASCADE,
    CONSTRAINT uq_conversations_channel_contact UNIQUE (channel_id, contact_id)
  )`,
  `CREATE INDEX ix_conversations_contact_id ON conversations (contact_id)`,
  `CREATE INDEX ix_conversations_channel_last_message ON conversations (channel_id, last_message_at DESC, id DESC)`,
  `CREATE INDEX ix_conversations_last_message ON conversations (last_message_at DESC, id DESC)`,

  `CREATE TABLE messages (
    ${ID},
    channel_id uuid NOT NULL,
    conversation_id uuid NOT NULL,
    contact_id uuid NOT NULL,
    direction text NOT NULL,
    type text NOT NULL,
    wa_message_id text,
    idempotency_key text,
    status text NOT NULL,
    text text,
    payload jsonb,
    context_wa_message_id text,
    reply_id text,
    raw jsonb,
    request jsonb,
    response jsonb,
    error jsonb,
    status_at timestamptz,
    ${CREATED_AT},
    ${UPDATED_AT},
    CONSTRAINT pk_messages PRIMARY KEY (id),
    CONSTRAINT fk_messages_channel FOREIGN KEY (channel_id) REFERENCES channels (id) ON DELETE CASCADE,
    CONSTRAINT fk_messages_conversation FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE,
    CONSTRAINT fk_messages_contact FOREIGN KEY (contact_id) REFERENCES contacts (id) ON DELETE CASCADE,
    CONSTRAINT uq_messages_wa_message_id UNIQUE (wa_message_id),
    CONSTRAINT uq_messages_channel_idempotency_key UNIQUE (channel_id, idempotency_key),
    CONSTRAINT ck_messages_direction CHECK (direction IN ('in', 'out')),
    CONSTRAINT ck_messages_status CHECK (status IN ('queued', 'sent', 'delivered', 'read', 'failed', 'received'))
  )`,
  // Cursor paging of GET /v1/messages orders by (created_at DESC, id DESC);
  // one index per contract filter keeps each filtered page an index range scan.
  `CREATE INDEX ix_messages_created ON messages (created_at DESC, id DESC)`,
  `CREATE INDEX ix_messages_channel_created ON messages (channel_id, created_at DESC, id DESC)`,
  `CREATE INDEX ix_messages_conversation_created ON messages (conversation_id, created_at DESC, id DESC)`,
  `CREATE INDEX ix_messages_contact_created ON messages (contact_id, created_at DESC, id DESC)`,
  `CREATE INDEX ix_messages_direction_created ON messages (direction, created_at DESC, id DESC)`,
  `CREATE INDEX ix_messages_status_created ON messages (status, created_at DESC, id DESC)`,
  `CREATE INDEX ix_messages_type_created ON messages (type, created_at DESC, id DESC)`,
  `CREATE INDEX ix_messages_context_wa_message_id ON messages (context_wa_message_id)`,
  // 'simple': messages come in every language, so no stemming or stop words.
  `CREATE INDEX ix_messages_text_search ON messages USING gin (to_tsvector('simple', text))`,

  `CREATE TABLE message_status_events (
    ${ID},
    message_id uuid,
    wa_message_id text NOT NULL,
    status text NOT NULL,
    occurred_at timestamptz NOT NULL,
    errors jsonb,
    pricing jsonb,
    conversation jsonb,
    raw jsonb,
    applied boolean NOT NULL DEFAULT false,
    ${CREATED_AT},
    CONSTRAINT pk_message_status_events PRIMARY KEY (id),
    CONSTRAINT fk_message_status_events_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE,
    CONSTRAINT uq_message_status_events_wamid_status_occurred UNIQUE (wa_message_id, status, occurred_at)
  )`,
  `CREATE INDEX ix_message_status_events_message ON message_status_events (message_id, occurred_at)`,
  `CREATE INDEX ix_message_status_events_unapplied ON message_status_events (wa_message_id) WHERE NOT applied`,

  `CREATE TABLE templates (
    ${ID},
    waba_id text NOT NULL,
    meta_id text,
    name text NOT NULL,
    language text NOT NULL,
    status text NOT NULL,
    category text,
    parameter_format text,
    components jsonb NOT NULL DEFAULT '[]'::jsonb,
    quality_score text,
    rejected_reason text,
    deleted_at timestamptz,
    synced_at timestamptz NOT NULL DEFAULT now(),
    ${CREATED_AT},
    ${UPDATED_AT},
    CONSTRAINT pk_templates PRIMARY KEY (id),
    CONSTRAINT uq_templates_waba_name_language UNIQUE (waba_id, name, language)
  )`,
  `CREATE INDEX ix_templates_meta_id ON templates (meta_id)`,

  `CREATE TABLE button_actions (
    ${ID},
    name text NOT NULL,
    button_id text NOT NULL,
    channel_id uuid,
    type text NOT NULL,
    config jsonb NOT NULL DEFAULT '{}'::jsonb,
    active boolean NOT NULL DEFAULT true,
    sequence integer NOT NULL DEFAULT 0,
    ${CREATED_AT},
    ${UPDATED_AT},
    CONSTRAINT pk_button_actions PRIMARY KEY (id),
    CONSTRAINT fk_button_actions_channel FOREIGN KEY (channel_id) REFERENCES channels (id) ON DELETE CASCADE,
    CONSTRAINT ck_button_actions_type
      CHECK (type IN ('send_message', 'update_contact', 'create_ticket', 'update_status', 'webhook', 'rule'))
  )`,
  `CREATE INDEX ix_button_actions_button ON button_actions (button_id, channel_id)`,
  `CREATE INDEX ix_button_actions_channel_id ON button_actions (channel_id)`,

  `CREATE TABLE action_runs (
    ${ID},
    action_id uuid NOT NULL,
    message_id uuid NOT NULL,
    status text NOT NULL DEFAULT 'pending',
    input jsonb,
    outcome jsonb,
    error jsonb,
    attempts integer NOT NULL DEFAULT 0,
    ${CREATED_AT},
    ${UPDATED_AT},
    CONSTRAINT pk_action_runs PRIMARY KEY (id),
    CONSTRAINT fk_action_runs_action FOREIGN KEY (action_id) REFERENCES button_actions (id) ON DELETE CASCADE,
    CONSTRAINT fk_action_runs_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE,
    CONSTRAINT uq_action_runs_action_message UNIQUE (action_id, message_id),
    CONSTRAINT ck_action_runs_status CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'skipped'))
  )`,
  `CREATE INDEX ix_action_runs_message_id ON action_runs (message_id)`,

  `CREATE TABLE tickets (
    ${ID},
    channel_id uuid NOT NULL,
    contact_id uuid,
    message_id uuid,
    action_run_id uuid,
    subject text NOT NULL,
    body text,
    status text NOT NULL DEFAULT 'open',
    external_ref text,
    ${CREATED_AT},
    ${UPDATED_AT},
    CONSTRAINT pk_tickets PRIMARY KEY (id),
    CONSTRAINT fk_tickets_channel FOREIGN KEY (channel_id) REFERENCES channels (id) ON DELETE CASCADE,
    CONSTRAINT fk_tickets_contact FOREIGN KEY (contact_id) REFERENCES contacts (id) ON DELETE SET NULL,
    CONSTRAINT fk_tickets_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE SET NULL,
    CONSTRAINT fk_tickets_action_run FOREIGN KEY (action_run_id) REFERENCES action_runs (id) ON DELETE SET NULL,
    CONSTRAINT uq_tickets_action_run_id UNIQUE (action_run_id)
  )`,
  `CREATE INDEX ix_tickets_channel_created ON tickets (channel_id, created_at)`,
  `CREATE INDEX ix_tickets_contact_id ON tickets (contact_id)`,
  `CREATE INDEX ix_tickets_message_id ON tickets (message_id)`,

  `CREATE TABLE approvals (
    ${ID},
    channel_id uuid NOT NULL,
    phone text NOT NULL,
    contact_id uuid,
    reference text NOT NULL,
    title text NOT NULL,
    lines jsonb NOT NULL DEFAULT '[]'::jsonb,
    amount numeric,
    currency text,
    approve_label text NOT NULL DEFAULT 'Approve',
    reject_label text NOT NULL DEFAULT 'Reject',
    callback_url text,
    expires_at timestamptz,
    status text NOT NULL DEFAULT 'pending',
    decided_at timestamptz,
    decided_by text,
    message_id uuid,
    wa_message_id text,
    ${CREATED_AT},
    ${UPDATED_AT},
    CONSTRAINT pk_approvals PRIMARY KEY (id),
    CONSTRAINT fk_approvals_channel FOREIGN KEY (channel_id) REFERENCES channels (id) ON DELETE CASCADE,
    CONSTRAINT fk_approvals_contact FOREIGN KEY (contact_id) REFERENCES contacts (id) ON DELETE SET NULL,
    CONSTRAINT fk_approvals_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE SET NULL,
    CONSTRAINT uq_approvals_message_id UNIQUE (message_id),
    CONSTRAINT uq_approvals_wa_message_id UNIQUE (wa_message_id),
    CONSTRAINT ck_approvals_status CHECK (status IN ('pending', 'approved', 'rejected', 'expired'))
  )`,
  `CREATE INDEX ix_approvals_channel_reference ON approvals (channel_id, reference)`,
  `CREATE INDEX ix_approvals_contact_id ON approvals (contact_id)`,
  `CREATE INDEX ix_approvals_pending_expiry ON approvals (expires_at) WHERE status = 'pending'`,

  `CREATE TABLE api_keys (
    ${ID},
    name text NOT NULL,
    prefix text NOT NULL,
    key_hash text NOT NULL,
    scopes text[] NOT NULL,
    channel_ids uuid[],
    revoked_at timestamptz,
    last_used_at timestamptz,
    ${CREATED_AT},
    CONSTRAINT pk_api_keys PRIMARY KEY (id),
    CONSTRAINT uq_api_keys_key_hash UNIQUE (key_hash),
    CONSTRAINT ck_api_keys_scopes CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['admin', 'send', 'read']::text[])
  )`,

  `CREATE TABLE event_subscriptions (
    ${ID},
    url text NOT NULL,
    secret jsonb NOT NULL,
    events text[] NOT NULL DEFAULT '{}'::text[],
    channel_id uuid,
    active boolean NOT NULL DEFAULT true,
    ${CREATED_AT},
    ${UPDATED_AT},
    CONSTRAINT pk_event_subscriptions PRIMARY KEY (id),
    CONSTRAINT fk_event_subscriptions_channel FOREIGN KEY (channel_id) REFERENCES channels (id) ON DELETE CASCADE
  )`,
  `CREATE INDEX ix_event_subscriptions_channel_id ON event_subscriptions (channel_id)`,

  `CREATE TABLE event_deliveries (
    ${ID},
    subscription_id uuid NOT NULL,
    event_id uuid NOT NULL,
    event_type text NOT NULL,
    payload jsonb NOT NULL,
    status text NOT NULL DEFAULT 'pending',
    attempts integer NOT NULL DEFAULT 0,
    last_error text,
    next_attempt_at timestamptz,
    delivered_at timestamptz,
    ${CREATED_AT},
    ${UPDATED_AT},
    CONSTRAINT pk_event_deliveries PRIMARY KEY (id),
    CONSTRAINT fk_event_deliveries_subscription
      FOREIGN KEY (subscription_id) REFERENCES event_subscriptions (id) ON DELETE CASCADE,
    CONSTRAINT uq_event_deliveries_subscription_event UNIQUE (subscription_id, event_id),
    CONSTRAINT ck_event_deliveries_status CHECK (status IN ('pending', 'delivered', 'failed'))
  )`,
  `CREATE INDEX ix_event_deliveries_due ON event_deliveries (next_attempt_at) WHERE status = 'pending'`,

  `CREATE TABLE dead_letters (
    ${ID},
    queue text NOT NULL,
    job_name text NOT NULL,
    job_id text NOT NULL,
    payload jsonb NOT NULL,
    error jsonb,
    failed_at timestamptz NOT NULL DEFAULT now(),
    attempts integer NOT NULL DEFAULT 0,
    replayed_at timestamptz,
    replay_job_id text,
    ${CREATED_AT},
    CONSTRAINT pk_dead_letters PRIMARY KEY (id),
    CONSTRAINT uq_dead_letters_queue_job UNIQUE (queue, job_id)
  )`,
  `CREATE INDEX ix_dead_letters_failed ON dead_letters (failed_at DESC, id DESC)`,

  `CREATE TABLE domain_events (
    ${ID},
    type text NOT NULL,
    aggregate_id uuid NOT NULL,
    payload jsonb NOT NULL,
    dedupe_key text,
    ${CREATED_AT},
    published_at timestamptz,
    CONSTRAINT pk_domain_events PRIMARY KEY (id),
    CONSTRAINT uq_domain_events_dedupe_key UNIQUE (dedupe_key)
  )`,
  `CREATE INDEX ix_domain_events_unpublished ON domain_events (created_at) WHERE published_at IS NULL`,
  `CREATE INDEX ix_domain_events_aggregate ON domain_events (aggregate_id, created_at)`,
];

// Children before parents, so no DROP needs CASCADE (which could hide a table
// another migration added on top of these).
const TABLES_IN_DROP_ORDER = [
  'domain_events',
  'dead_letters',
  'event_deliveries',
  'event_subscriptions',
  'api_keys',
  'approvals',
  'tickets',
  'action_runs',
  'button_actions',
  'templates',
  'message_status_events',
  'messages',
  'conversations',
  'contacts',
  'channels',
];
