import { Injectable } from '@nestjs/common';
import { IdFactory } from '../state/id-factory';
import { TemplateStore } from '../state/template.store';
import { templateFromInput } from '../templates/template-input';
import { TemplateStatusNotifier } from '../templates/template-status.notifier';
import { TemplateDefinition } from '../validation/template-definition';
import { controlError } from './control-error';
import { AddTemplatesDto, TemplateStatusDto } from './dto/templates.dto';

/**
 * Seeds templates as Meta would list them (APPROVED unless said otherwise) and
 * plays Meta's review: a status change sends `message_template_status_update`.
 */
@Injectable()
export class TemplateControlService {
  constructor(
    private readonly templates: TemplateStore,
    private readonly ids: IdFactory,
    private readonly notifier: TemplateStatusNotifier,
  ) {}

  add(dto: AddTemplatesDto): TemplateDefinition[] {
    return dto.templates.map((input) => {
      const { template, previous } = this.templates.upsert(dto.wabaId, templateFromInput({ ...input }, this.ids.numeric(), 'APPROVED'));
      if (previous && previous.status !== template.status) this.notifier.notify(dto.wabaId, template, template.status);
      return template;
    });
  }

  setStatus(dto: TemplateStatusDto): TemplateDefinition {
    const template = this.templates.find(dto.wabaId, dto.name, dto.language);
    if (!template) throw controlError(404, 'unknown_template', `WABA ${dto.wabaId} has no template ${dto.name} in ${dto.language}.`);
    if (template.status !== dto.status) {
      template.status = dto.status;
      this.notifier.notify(dto.wabaId, template, dto.status, dto.reason);
    }
    return template;
  }
}
