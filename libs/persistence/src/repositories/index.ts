// Repositories: the only code that runs SQL against the schema (style.md).
// Each takes a SqlRunner, so the same code runs inside a transaction or on the pool.
export { poolSql, runInTransaction, runStatements, isPermanentWriteError, isTransientWriteConflict, sqlStateOf, jsonRows, jsonText, type SqlRunner } from './sql-runner';
export { ContactRepository, contactKey, type ContactIdentity, type ContactRow } from './contact.repository';
export {
  ConversationRepository,
  conversationKey,
  type ConversationActivity,
  type ConversationKey,
  type ConversationRow,
} from './conversation.repository';
export {
  MessageRepository,
  type InboundMessageRow,
  type InsertedInboundMessage,
  type InsertedOutboundMessage,
  type MessageStateRow,
  type MessageStateUpdate,
  type OutboundMessageRow,
} from './message.repository';
export {
  MessageStatusEventRepository,
  ownStatusKey,
  type OwnStatusEntry,
  type StoredStatusEvent,
  type WebhookStatusRow,
} from './message-status-event.repository';
export { DomainEventRepository, type OutboxEvent, type UnpublishedEvent } from './domain-event.repository';
export { ChannelDirectoryRepository, type ChannelRoute } from './channel-directory.repository';
export { TemplateStatusRepository, type TemplateCategoryChange, type TemplateStatusChange } from './template-status.repository';
export { DeadLetterRepository, type DeadLetterRecord } from './dead-letter.repository';
export { RetentionRepository, type MessageCursor, type StripChunk } from './retention.repository';
export { MediaSourceRepository, type MediaSource } from './media-source.repository';
