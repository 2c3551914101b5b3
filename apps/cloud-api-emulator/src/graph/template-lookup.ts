import { Injectable } from '@nestjs/common';
import { MetaRejection } from '../errors/meta-rejection';
import { TemplateStore } from '../state/template.store';
import { SentTemplate, TemplateQuickReply } from '../validation/send-content';
import { checkTemplateParameters } from '../validation/template-parameters.checker';

export interface TemplateCheck {
  /** Lowercase, as `pricing.category` and `conversation.origin.type` carry it. */
  category: string;
  quickReplies: TemplateQuickReply[];
}

/**
 * Send-time template checks (whatsapp-cloud-api.md §2.8): the template must
 * exist in that language in the number's WABA and be APPROVED (PAUSED 132015,
 * DISABLED 132016, anything else 132001), and its parameters must fit.
 */
@Injectable()
export class TemplateLookup {
  constructor(private readonly templates: TemplateStore) {}

  check(wabaId: string, sent: SentTemplate): TemplateCheck {
    const definition = this.templates.find(wabaId, sent.name, sent.languageCode);
    const missing = () =>
      new MetaRejection(132001, {
        details: `template name (${sent.name}) does not exist in ${sent.languageCode}`,
      });
    if (!definition) throw missing();
    if (definition.status === 'PAUSED') throw new MetaRejection(132015);
    if (definition.status === 'DISABLED') throw new MetaRejection(132016);
    if (definition.status !== 'APPROVED') throw missing();
    return {
      category: definition.category.toLowerCase(),
      quickReplies: checkTemplateParameters(definition, sent),
    };
  }
}
