/**
 * Transient notifications over Redis pub/sub (@nestjs/microservices Redis
 * transport). Losing one costs a cache refresh or a screen update, never data:
 * anything that must not be lost is a job. Names are wire data. Each carries
 * the publisher's queue prefix as `scope`, and receivers handle only their own
 * (`@OnNotification` in libs/service), so installations sharing a Redis never
 * hear each other.
 */
export enum Notification {
  /** A channel was created, changed or deleted: drop cached secrets and settings. */
  ChannelChanged = 'wabus.channel.changed',
  /** Messages or their statuses changed (one notification per store commit): live views refresh. */
  MessagesChanged = 'wabus.messages.changed',
  /** An API key was revoked or changed: drop cached key lookups. */
  ApiKeyChanged = 'wabus.api-key.changed',
}

/** One message that changed. */
export interface MessageChange {
  messageId: string;
  conversationId: string | null;
  channelId: string;
  status: string;
}

export interface NotificationPayloads {
  [Notification.ChannelChanged]: { channelId: string };
  [Notification.MessagesChanged]: { changes: MessageChange[] };
  [Notification.ApiKeyChanged]: { apiKeyId: string };
}
