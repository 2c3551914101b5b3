import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../api/page-query.dto';
import { ContactView } from '../contacts/contact.dto';

export class WindowView {
  @ApiProperty({ description: 'Free-form messages may be sent while the 24-hour customer service window is open' }) open!: boolean;
  @ApiProperty({ nullable: true, type: String }) closesAt!: string | null;
  @ApiProperty() remainingMs!: number;
}

export class ConversationView {
  @ApiProperty() id!: string;
  @ApiProperty() channelId!: string;
  @ApiProperty({ type: ContactView }) contact!: ContactView;
  @ApiProperty({ nullable: true, type: String }) lastInboundAt!: string | null;
  @ApiProperty() lastMessageAt!: string;
  @ApiProperty() unreadCount!: number;
  @ApiProperty() messageCount!: number;
  @ApiProperty({ type: WindowView }) window!: WindowView;
  @ApiProperty() createdAt!: string;
}

export class ConversationQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() channelId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() contactId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(32) phone?: string;
  @ApiPropertyOptional({ description: 'Only conversations with unread messages' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
  @ApiPropertyOptional({ description: 'Only conversations whose 24-hour window is open (true) or closed (false)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  open?: boolean;
}
