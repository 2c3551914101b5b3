import { ApiProperty } from '@nestjs/swagger';

export class StatusEntryView {
  @ApiProperty() status!: string;
  @ApiProperty() at!: string;
}

export class MessageErrorView {
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }] }) code!: string | number;
  @ApiProperty() title!: string;
  @ApiProperty({ description: "What happened and what to do, in plain words" }) help!: string;
  @ApiProperty({ required: false }) details?: string;
}

/** A message as the API shows it (contract). */
export class MessageView {
  @ApiProperty() id!: string;
  @ApiProperty() channelId!: string;
  @ApiProperty({ enum: ['in', 'out'] }) direction!: 'in' | 'out';
  @ApiProperty() type!: string;
  @ApiProperty({ nullable: true, type: String, description: "The customer's number, E.164" }) phone!: string | null;
  @ApiProperty() contactId!: string;
  @ApiProperty() conversationId!: string;
  @ApiProperty({ nullable: true, type: String }) waMessageId!: string | null;
  @ApiProperty({ enum: ['queued', 'sent', 'delivered', 'read', 'failed', 'received'] }) status!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The readable content: body, caption, button title, …' }) text!: string | null;
  @ApiProperty({ nullable: true, type: Object, description: "The type object in Meta's shape" }) payload!: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: String, description: 'The id of the tapped button or list row' }) replyId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The wamid this message replies to' }) contextWaMessageId!: string | null;
  @ApiProperty({ type: [StatusEntryView] }) statusHistory!: StatusEntryView[];
  @ApiProperty({ nullable: true, type: MessageErrorView }) error!: MessageErrorView | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
