import type { ConversationRow } from './conversation.repository';
import { jsonRows, type SqlRunner } from './sql-runner';

/** A WhatsApp user as a webhook or a send names them: wa_id, user id (BSUID), or both. */
export interface ContactIdentity {
  channelId: string;
  /** Digits, Meta's wa_id; null for a user known only by their business-scoped user id. */
  waId: string | null;
  userId: string | null;
  /** E.164, derived from the wa_id. */
  phone: string | null;
  profileName: string | null;
  username: string | null;
}

export interface ContactRow {
  id: string;
  channelId: string;
  waId: string | null;
  userId: string | null;
  phone: string | null;
}

/** Contacts resolved by `upsert`, and the conversations the lookup found with them (so they need not be read again). */
export interface ResolvedContacts {
  /** By `contactKey`. */
  contacts: Map<string, ContactRow>;
  conversations: ConversationRow[];
}

/** The key a ContactIdentity is found under: wa_id first, the user id when there is no wa_id. */
export function contactKey(identity: Pick<ContactIdentity, 'channelId' | 'waId' | 'userId'>): string {
  return identity.waId !== null ? `${identity.channelId}|w|${identity.waId}` : `${identity.channelId}|u|${identity.userId ?? ''}`;
}

const RETURNED = 'c.id, c.channel_id AS "channelId", c.wa_id AS "waId", c.user_id AS "userId", c.phone';

/**
 * A contact known by user id alone that now shows its wa_id takes it, unless
 * another contact of the channel already has that wa_id.
 */
const ADOPT_WA_ID = `
UPDATE contacts c SET wa_id = i.wa_id, phone = COALESCE(c.phone, i.phone), updated_at = now()
FROM jsonb_to_recordset($1::jsonb) AS i(channel_id uuid, wa_id text, user_id text, phone text)
WHERE c.channel_id = i.channel_id AND c.user_id = i.user_id AND c.wa_id IS NULL
  AND NOT EXISTS (SELECT 1 FROM contacts o WHERE o.channel_id = i.channel_id AND o.wa_id = i.wa_id)`;

/**
 * Upsert by (channel, wa_id). A row is rewritten only when something new came
 * (a name, a username, a user id or phone it lacked), so the common case, a
 * known contact writing again, costs no new row version; the unchanged rows
 * come from the second half of the UNION. A user id already held by another
 * contact is not copied (it would break the unique key; merging two contacts
 * is an operator's decision).
 */
const UPSERT_BY_WA_ID = `
WITH i AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb)
    AS i(channel_id uuid, wa_id text, user_id text, phone text, profile_name text, username text)
), up AS (
  INSERT INTO contacts AS c (channel_id, wa_id, user_id, phone, profile_name, username)
  SELECT i.channel_id, i.wa_id,
         CASE WHEN i.user_id IS NULL OR EXISTS (
           SELECT 1 FROM contacts o WHERE o.channel_id = i.channel_id AND o.user_id = i.user_id AND o.wa_id IS DISTINCT FROM i.wa_id
         ) THEN NULL ELSE i.user_id END,
         i.phone, i.profile_name, i.username
  FROM i ORDER BY i.channel_id, i.wa_id
  ON CONFLICT (channel_id, wa_id) DO UPDATE SET
    profile_name = COALESCE(EXCLUDED.profile_name, c.profile_name),
    username = COALESCE(EXCLUDED.username, c.username),
    user_id = COALESCE(c.user_id, EXCLUDED.user_id),
    phone = COALESCE(c.phone, EXCLUDED.phone),
    updated_at = now()
  WHERE (EXCLUDED.profile_name IS NOT NULL AND EXCLUDED.profile_name IS DISTINCT FROM c.profile_name)
     OR (EXCLUDED.username IS NOT NULL AND EXCLUDED.username IS DISTINCT FROM c.username)
     OR (c.user_id IS NULL AND EXCLUDED.user_id IS NOT NULL)
     OR (c.phone IS NULL AND EXCLUDED.phone IS NOT NULL)
  RETURNING ${RETURNED}
)
SELECT * FROM up
UNION ALL
SELECT ${RETURNED} FROM contacts c JOIN i ON c.channel_id = i.channel_id AND c.wa_id = i.wa_id
WHERE NOT EXISTS (SELECT 1 FROM up WHERE up."channelId" = c.channel_id AND up."waId" = c.wa_id)`;

/** Users known only by their business-scoped user id (no phone number shared). */
const UPSERT_BY_USER_ID = `
WITH i AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(channel_id uuid, user_id text, profile_name text, username text)
), up AS (
  INSERT INTO contacts AS c (channel_id, user_id, profile_name, username)
  SELECT i.channel_id, i.user_id, i.profile_name, i.username FROM i ORDER BY i.channel_id, i.user_id
  ON CONFLICT (channel_id, user_id) DO UPDATE SET
    profile_name = COALESCE(EXCLUDED.profile_name, c.profile_name),
    username = COALESCE(EXCLUDED.username, c.username),
    updated_at = now()
  WHERE (EXCLUDED.profile_name IS NOT NULL AND EXCLUDED.profile_name IS DISTINCT FROM c.profile_name)
     OR (EXCLUDED.username IS NOT NULL AND EXCLUDED.username IS DISTINCT FROM c.username)
  RETURNING ${RETURNED}
)
SELECT * FROM up
UNION ALL
SELECT ${RETURNED} FROM contacts c JOIN i ON c.channel_id = i.channel_id AND c.user_id = i.user_id
WHERE NOT EXISTS (SELECT 1 FROM up WHERE up."channelId" = c.channel_id AND up."userId" = c.user_id)`;

/**
 * Known contacts by wa_id and by user id, with what an upsert would compare and
 * their conversation on their channel, if any: the one read a batch of known
 * customers needs. Takes no lock.
 */
const LOOKUP = `
WITH i AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(channel_id uuid, wa_id text, user_id text)),
found AS (
  SELECT ${RETURNED}, c.profile_name AS "profileName", c.username FROM contacts c JOIN i ON c.channel_id = i.channel_id AND c.wa_id = i.wa_id
  UNION
  SELECT ${RETURNED}, c.profile_name AS "profileName", c.username FROM contacts c JOIN i ON c.channel_id = i.channel_id AND c.user_id = i.user_id
)
SELECT f.*, v.id AS "conversationId", v.created_at AS "conversationCreatedAt"
FROM found f LEFT JOIN conversations v ON v.channel_id = f."channelId" AND v.contact_id = f.id`;

type KnownContact = ContactRow & { profileName: string | null; username: string | null; conversationId: string | null; conversationCreatedAt: Date | null };

/** Contacts: the store is their only writer. */
export class ContactRepository {
  constructor(private readonly sql: SqlRunner) {}

  /**
   * Creates or refreshes every contact named, in three statements at most
   * whatever their number; answers the contact id by `contactKey`, and the
   * conversations of the contacts that were known.
   */
  async upsert(identities: readonly ContactIdentity[]): Promise<ResolvedContacts> {
    const merged = mergeByKey(identities);
    const result = new Map<string, ContactRow>();
    // Most contacts are known and unchanged: a plain read finds them without
    // writing or locking anything, so concurrent batches do not queue on them.
    const known = await this.lookup(merged);
    let pending: ContactIdentity[] = [];
    for (const identity of merged) {
      const row = known.byWaId.get(`${identity.channelId}|${identity.waId}`) ?? (identity.waId === null ? known.byUserId.get(`${identity.channelId}|${identity.userId}`) : undefined);
      if (row && !wouldChange(row, identity)) remember(result, identity, row);
      else pending.push(identity);
    }
    // A row committed by a concurrent writer after this statement's snapshot is
    // neither inserted nor seen; a second statement (a new snapshot) finds it.
    for (let attempt = 0; attempt < 3 && pending.length > 0; attempt++) {
      for (const row of await this.upsertOnce(pending, attempt === 0)) remember(result, row, row);
      pending = pending.filter((identity) => !result.has(contactKey(identity)));
    }
    if (pending.length > 0) throw new Error(`contacts could not be resolved: ${pending.map(contactKey).join(', ')}`);
    return { contacts: result, conversations: known.conversations };
  }

  private async lookup(
    identities: readonly ContactIdentity[],
  ): Promise<{ byWaId: Map<string, KnownContact>; byUserId: Map<string, KnownContact>; conversations: ConversationRow[] }> {
    const byWaId = new Map<string, KnownContact>();
    const byUserId = new Map<string, KnownContact>();
    const conversations: ConversationRow[] = [];
    if (identities.length === 0) return { byWaId, byUserId, conversations };
    const input = identities.map((i) => ({ channel_id: i.channelId, wa_id: i.waId, user_id: i.userId }));
    for (const row of await this.sql.rows<KnownContact>(LOOKUP, [jsonRows(input)])) {
      if (row.conversationId !== null && row.conversationCreatedAt !== null) {
        conversations.push({ id: row.conversationId, channelId: row.channelId, contactId: row.id, opened: false, createdAt: row.conversationCreatedAt });
      }
      if (row.waId !== null) byWaId.set(`${row.channelId}|${row.waId}`, row);
      if (row.userId !== null) byUserId.set(`${row.channelId}|${row.userId}`, row);
    }
    return { byWaId, byUserId, conversations };
  }

  private async upsertOnce(identities: ContactIdentity[], adopt: boolean): Promise<ContactRow[]> {
    const byWaId = identities.filter((identity) => identity.waId !== null);
    const byUserId = identities.filter((identity) => identity.waId === null && identity.userId !== null);
    const adopting = byWaId.filter((identity) => identity.userId !== null);
    if (adopt && adopting.length > 0) {
      await this.sql.execute(ADOPT_WA_ID, [
        jsonRows(adopting.map((i) => ({ channel_id: i.channelId, wa_id: i.waId, user_id: i.userId, phone: i.phone }))),
      ]);
    }
    const rows: ContactRow[] = [];
    if (byWaId.length > 0) {
      const input = byWaId.map((i) => ({
        channel_id: i.channelId,
        wa_id: i.waId,
        user_id: i.userId,
        phone: i.phone,
        profile_name: i.profileName,
        username: i.username,
      }));
      rows.push(...(await this.sql.rows<ContactRow>(UPSERT_BY_WA_ID, [jsonRows(input)])));
    }
    if (byUserId.length > 0) {
      const input = byUserId.map((i) => ({ channel_id: i.channelId, user_id: i.userId, profile_name: i.profileName, username: i.username }));
      rows.push(...(await this.sql.rows<ContactRow>(UPSERT_BY_USER_ID, [jsonRows(input)])));
    }
    return rows;
  }
}

/** Whether the upsert would write anything to this known contact (the same test as its WHERE clause). */
function wouldChange(row: KnownContact, identity: ContactIdentity): boolean {
  return (
    (identity.profileName !== null && identity.profileName !== row.profileName) ||
    (identity.username !== null && identity.username !== row.username) ||
    (row.userId === null && identity.userId !== null) ||
    (row.phone === null && identity.phone !== null)
  );
}

/** Found under the identity's key, and under the user-id key too when the contact has both. */
function remember(result: Map<string, ContactRow>, identity: Pick<ContactIdentity, 'channelId' | 'waId' | 'userId'>, row: ContactRow): void {
  const contact: ContactRow = { id: row.id, channelId: row.channelId, waId: row.waId, userId: row.userId, phone: row.phone };
  result.set(contactKey(identity), contact);
  result.set(contactKey(row), contact);
  if (row.waId !== null && row.userId !== null) result.set(contactKey({ ...row, waId: null }), contact);
}

/** One identity per key (ON CONFLICT DO UPDATE may touch a row once per statement); later values win, nulls never erase. */
function mergeByKey(identities: readonly ContactIdentity[]): ContactIdentity[] {
  const merged = new Map<string, ContactIdentity>();
  for (const identity of identities) {
    const key = contactKey(identity);
    const known = merged.get(key);
    merged.set(
      key,
      known
        ? {
            ...known,
            userId: identity.userId ?? known.userId,
            phone: identity.phone ?? known.phone,
            profileName: identity.profileName ?? known.profileName,
            username: identity.username ?? known.username,
          }
        : identity,
    );
  }
  return [...merged.values()].sort((a, b) => (contactKey(a) < contactKey(b) ? -1 : 1));
}
