/**
 * Transient notifications over Redis pub/sub (@nestjs/microservices Redis
 * transport). Losing one costs a cache refresh or a screen update, never data:
 * anything that must not be lost is a job. Names are wire data.
 */
export enum Notification {
  /** A channel was created, changed or deleted: drop cached secrets and settings. */
  ChannelChanged = 'wabus.channel.changed',
  /** A message or its status changed: live views refresh. */
  MessageChanged = 'wabus.message.changed',
  /** An API key was revoked or changed: drop cached key lookups. */
  ApiKeyChanged = 'wabus.api-key.changed',
}

export interface NotificationPayloads {
  [Notification.ChannelChanged]: { channelId: string };
  [Notification.MessageChanged]: { messageId: string; conversationId: string | null; channelId: string; status: string };
  [Notification.ApiKeyChanged]: { apiKeyId: string };
}
