import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { EVENT_DELIVERY_STATUSES, EventDeliveryStatus } from '@wabus/persistence';
import type { DomainEventJob } from '@wabus/queues';
import { PageQueryDto } from '../api/page-query.dto';

/** The domain events a business service can subscribe to (the `type` of DomainEventJob). */
export const SUBSCRIBABLE_EVENTS = ['message.received', 'message.status', 'interaction.received', 'conversation.opened', 'approval.decided'] as const satisfies ReadonlyArray<
  DomainEventJob['type']
>;

export class CreateSubscriptionDto {
  @ApiProperty({ description: 'Receives each event as a signed POST', example: 'https://orders.example.com/wabus/events' })
  @IsString()
  @MaxLength(2048)
  url!: string;

  @ApiProperty({ enum: SUBSCRIBABLE_EVENTS, isArray: true, example: ['message.received', 'approval.decided'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SUBSCRIBABLE_EVENTS.length)
  @ArrayUnique()
  @IsIn(SUBSCRIBABLE_EVENTS, { each: true })
  events!: Array<(typeof SUBSCRIBABLE_EVENTS)[number]>;

  @ApiPropertyOptional({ nullable: true, description: "Only this channel's events; null or absent: every channel" })
  @IsOptional()
  @IsUUID()
  channelId?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class DeliveryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: EVENT_DELIVERY_STATUSES }) @IsOptional() @IsIn(EVENT_DELIVERY_STATUSES) status?: EventDeliveryStatus;
  @ApiPropertyOptional() @IsOptional() @IsUUID() eventId?: string;
}

export class SubscriptionView {
  @ApiProperty() id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: SUBSCRIBABLE_EVENTS, isArray: true }) events!: string[];
  @ApiProperty({ nullable: true, type: String }) channelId!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ description: 'A signing secret exists; its value is shown only once, when the subscription is created' }) hasSecret!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class CreatedSubscriptionView extends SubscriptionView {
  @ApiProperty({ description: 'The signing secret: shown now and never again. Verify X-Wabus-Signature with it.' }) secret!: string;
}

export class DeliveryView {
  @ApiProperty() id!: string;
  @ApiProperty() subscriptionId!: string;
  @ApiProperty({ description: 'Sent as X-Wabus-Event-Id: receivers dedupe on it' }) eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ description: 'Where it is sent: the subscription URL, or an approval callback / webhook action URL' }) url!: string;
  @ApiProperty({ enum: EVENT_DELIVERY_STATUSES }) status!: EventDeliveryStatus;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ nullable: true, type: String }) nextAttemptAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) deliveredAt!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The body sent: {id, type, occurredAt, data}' }) payload!: Record<string, unknown>;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class ReplayAcceptedView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['pending'] }) status!: 'pending';
}
