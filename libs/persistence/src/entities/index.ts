import { ActionRunEntity } from './action-run.entity';
import { ApiKeyEntity } from './api-key.entity';
import { ApprovalEntity } from './approval.entity';
import { ButtonActionEntity } from './button-action.entity';
import { ChannelEntity } from './channel.entity';
import { ContactEntity } from './contact.entity';
import { ConversationEntity } from './conversation.entity';
import { DeadLetterEntity } from './dead-letter.entity';
import { DomainEventEntity } from './domain-event.entity';
import { EventDeliveryEntity } from './event-delivery.entity';
import { EventSubscriptionEntity } from './event-subscription.entity';
import { MessageStatusEventEntity } from './message-status-event.entity';
import { MessageEntity } from './message.entity';
import { TemplateEntity } from './template.entity';
import { TicketEntity } from './ticket.entity';

export * from './action-run.entity';
export * from './api-key.entity';
export * from './approval.entity';
export * from './button-action.entity';
export * from './channel.entity';
export * from './contact.entity';
export * from './conversation.entity';
export * from './dead-letter.entity';
export * from './domain-event.entity';
export * from './event-delivery.entity';
export * from './event-subscription.entity';
export * from './message-status-event.entity';
export * from './message.entity';
export * from './template.entity';
export * from './ticket.entity';

/** Every entity of the schema; the DataSource registers exactly these. */
export const ENTITIES = [
  ChannelEntity,
  ContactEntity,
  ConversationEntity,
  MessageEntity,
  MessageStatusEventEntity,
  TemplateEntity,
  ButtonActionEntity,
  ActionRunEntity,
  TicketEntity,
  ApprovalEntity,
  ApiKeyEntity,
  EventSubscriptionEntity,
  EventDeliveryEntity,
  DeadLetterEntity,
  DomainEventEntity,
];
