import { Injectable } from '@nestjs/common';
import { TaskScheduler } from '../clock/task.scheduler';
import { MetaRejection } from '../errors/meta-rejection';
import { authorizeWaba } from '../graph/graph-auth';
import { GraphAnswer, ok, refused } from '../graph/graph-answer';
import { IdFactory } from '../state/id-factory';
import { PhoneNumberRegistry } from '../state/phone-number.registry';
import { TemplateStore } from '../state/template.store';
import { isObject } from '../validation/param-checks';
import { TemplateDefinition, TemplateDefinitionComponent } from '../validation/template-definition';
import { templateFromInput, validateTemplateCreation } from './template-input';
import { ListingQuery, listTemplatePage } from './template-listing';
import { TemplateStatusNotifier } from './template-status.notifier';

const EDITABLE = ['APPROVED', 'REJECTED', 'PAUSED'];

/** The template management calls of the Graph API (whatsapp-cloud-api.md §5): list, create, delete, get one, edit. */
@Injectable()
export class TemplateManagementService {
  constructor(
    private readonly registry: PhoneNumberRegistry,
    private readonly templates: TemplateStore,
    private readonly ids: IdFactory,
    private readonly notifier: TemplateStatusNotifier,
    private readonly scheduler: TaskScheduler,
  ) {}

  list(authorization: string | undefined, wabaId: string, query: ListingQuery, linkBase: string): GraphAnswer {
    return this.guarded(authorization, wabaId, 'get', () => listTemplatePage(this.templates.list(wabaId), query, linkBase));
  }

  create(authorization: string | undefined, wabaId: string, body: unknown): GraphAnswer {
    return this.guarded(authorization, wabaId, 'post', () => {
      const input = validateTemplateCreation(body);
      if (this.templates.find(wabaId, input['name'] as string, input['language'] as string)) {
        const details = `There is already ${input['language'] as string} content for this template. You can create a new template and try again.`;
        throw new MetaRejection(100, {
          details,
          subcode: 2388023,
          extra: {
            is_transient: false,
            error_user_title: 'Message template language already exists',
            error_user_msg: details,
          },
        });
      }
      const { template } = this.templates.upsert(wabaId, templateFromInput({ ...input, status: 'PENDING' }, this.ids.numeric(), 'PENDING'));
      this.scheduleReview(wabaId, template);
      return {
        id: template.id,
        status: template.status,
        category: template.category,
      };
    });
  }

  delete(authorization: string | undefined, wabaId: string, query: ListingQuery): GraphAnswer {
    return this.guarded(authorization, wabaId, 'delete', () => {
      const name = query['name'];
      if (!name)
        throw new MetaRejection(100, {
          message: '(#100) The parameter name is required.',
          details: 'The parameter name is required.',
        });
      const matches = (template: TemplateDefinition) => template.name === name && (query['hsm_id'] === undefined || template.id === query['hsm_id']);
      const found = this.templates.list(wabaId).filter(matches);
      if (found.length === 0)
        throw new MetaRejection(100, {
          details: `Message template '${name}' was not found.`,
        });
      if (found.some((template) => template.status === 'DISABLED'))
        throw new MetaRejection(100, {
          details: 'DISABLED templates cannot be deleted.',
        });
      for (const template of this.templates.remove(wabaId, matches)) this.notifier.notify(wabaId, { ...template, status: 'DELETED' }, 'DELETED');
      return { success: true };
    });
  }

  /** `GET /{template-id}` — undefined when the id is not a template (the caller tries other node kinds). */
  getOne(authorization: string | undefined, templateId: string, fields: string | undefined): GraphAnswer | undefined {
    const found = this.templates.findById(templateId);
    if (!found) return undefined;
    return this.guarded(authorization, found.wabaId, 'get', () => {
      if (!fields) return found.template;
      const wanted = new Set([...fields.split(',').map((field) => field.trim()), 'id']);
      return Object.fromEntries(Object.entries(found.template).filter(([key]) => wanted.has(key)));
    });
  }

  /** `POST /{template-id}` with a new category and/or components (§5.4). */
  edit(authorization: string | undefined, templateId: string, body: unknown): GraphAnswer | undefined {
    const found = this.templates.findById(templateId);
    if (!found) return undefined;
    return this.guarded(authorization, found.wabaId, 'post', () => {
      if (!EDITABLE.includes(found.template.status))
        throw new MetaRejection(100, {
          details: `Only APPROVED, REJECTED or PAUSED templates can be edited; this one is ${found.template.status}.`,
        });
      if (!isObject(body) || (body['category'] === undefined && body['components'] === undefined)) {
        throw new MetaRejection(100, {
          details: 'Give a category and/or components to edit.',
        });
      }
      if (typeof body['category'] === 'string') found.template.category = body['category'].toUpperCase();
      if (Array.isArray(body['components'])) found.template.components = body['components'] as TemplateDefinitionComponent[];
      return { success: true };
    });
  }

  private guarded(authorization: string | undefined, wabaId: string, method: string, action: () => unknown): GraphAnswer {
    const denied = authorizeWaba(this.registry, authorization, wabaId, method);
    if (denied) return refused(denied);
    try {
      return ok(action());
    } catch (error) {
      if (error instanceof MetaRejection) return refused(error);
      throw error;
    }
  }

  // Meta reviews within 24 h; here after the WABA's configured delay, then a status webhook.
  private scheduleReview(wabaId: string, template: TemplateDefinition): void {
    const delays = this.registry.ofWaba(wabaId).map((number) => number.settings.templateApprovalDelayMs);
    const delay = delays.find((value) => value !== null);
    if (delay === undefined || delay === null) return;
    this.scheduler.after(delay, () => {
      const current = this.templates.findById(template.id);
      if (!current || current.template.status !== 'PENDING') return;
      current.template.status = 'APPROVED';
      this.notifier.notify(wabaId, current.template, 'APPROVED');
    });
  }
}
