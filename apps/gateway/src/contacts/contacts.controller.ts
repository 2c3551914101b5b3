import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { CursorPage } from '@wabus/persistence';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { RequireScope } from '../auth/require-scope.decorator';
import { ContactQueryDto, ContactView, CreateContactDto, UpdateContactDto } from './contact.dto';
import { ContactsService } from './contacts.service';

@ApiTags('contacts')
@Controller('v1/contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  @RequireScope('read')
  list(@Query() query: ContactQueryDto, @Req() request: AuthenticatedRequest): Promise<CursorPage<ContactView>> {
    return this.contacts.list(query, request.principal);
  }

  @Get(':id')
  @RequireScope('read')
  @ApiOkResponse({ type: ContactView })
  get(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<ContactView> {
    return this.contacts.get(id, request.principal);
  }

  @Post()
  @RequireScope('send')
  @ApiOkResponse({ type: ContactView })
  create(@Body() input: CreateContactDto, @Req() request: AuthenticatedRequest): Promise<ContactView> {
    return this.contacts.create(input, request.principal);
  }

  @Patch(':id')
  @RequireScope('send')
  @ApiOkResponse({ type: ContactView })
  update(@Param('id') id: string, @Body() input: UpdateContactDto, @Req() request: AuthenticatedRequest): Promise<ContactView> {
    return this.contacts.update(id, input, request.principal);
  }
}
