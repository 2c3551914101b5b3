import { Body, Controller, HttpCode, Post, UseFilters, UsePipes } from '@nestjs/common';
import { TemplateDefinition } from '../validation/template-definition';
import { controlValidation } from './control-error';
import { AddTemplatesDto, TemplateStatusDto } from './dto/templates.dto';
import { TemplateControlService } from './template-control.service';
import { ControlExceptionFilter } from './control-exception.filter';

/** `/_emulator/templates`: seed templates, and change their status as Meta's review would. */
@UseFilters(ControlExceptionFilter)
@Controller('_emulator/templates')
@UsePipes(controlValidation)
export class TemplateControlController {
  constructor(private readonly templates: TemplateControlService) {}

  @Post()
  add(@Body() dto: AddTemplatesDto): { data: TemplateDefinition[] } {
    return { data: this.templates.add(dto) };
  }

  @Post('status')
  @HttpCode(200)
  setStatus(@Body() dto: TemplateStatusDto): TemplateDefinition {
    return this.templates.setStatus(dto);
  }
}
