import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import {
  exampleFill,
  parseTemplateComponents,
  renderTemplate,
  templateComponentsFromFill,
  templateCreationProblems,
  templateFillFromComponents,
  templateMessageProblems,
  templateParameterProblems,
  type TemplateFill,
  type TemplatePayload,
} from '@wabus/domain';
import { ChannelEntity, SecretBox, TemplateEntity } from '@wabus/persistence';
import { ApiError, FieldProblem, LOGGER, ValidationFailedError } from '@wabus/service';
import { createTemplate, deleteTemplate, type GraphCredentials } from '@wabus/whatsapp';
import { ApiKeyPrincipal, mayUseChannel } from '../auth/api-key-principal';
import { ChannelsService } from '../channels/channels.service';
import { templateGraphError } from './graph-api-errors';
import type { TemplateView } from './template.dto';
import { CreateTemplateDto, PreviewTemplateDto, TemplatePreviewView } from './template-management.dto';
import { GatewayGraph } from '../graph/gateway-graph';
import { TemplatesService, toView } from './templates.service';

/**
 * Routine template work without leaving wabus: create and delete are
 * forwarded to Meta with the channel's token, and the row follows at once
 * (PENDING after a create, marked deleted after a delete); Meta's review
 * result arrives as a status webhook, which `store` applies. Preview renders
 * the final text and runs the same check the sender runs before a send.
 */
@Injectable()
export class TemplateManagementService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly channels: ChannelsService,
    private readonly templates: TemplatesService,
    private readonly secrets: SecretBox,
    private readonly graph: GatewayGraph,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async create(input: CreateTemplateDto, principal: ApiKeyPrincipal): Promise<TemplateView> {
    if (!mayUseChannel(principal, input.channelId)) throw ApiError.notFound('channel', input.channelId);
    const channel = await this.channels.entity(input.channelId);
    const problems = templateCreationProblems(input);
    if (problems.length > 0) throw new ValidationFailedError(groupByField(problems));
    const parameterFormat = input.parameterFormat ?? parseTemplateComponents(input.components).parameterFormat;
    const answer = await createTemplate(this.graph.client, this.credentials(channel), channel.wabaId, {
      name: input.name,
      language: input.language,
      category: input.category,
      components: input.components,
      parameter_format: parameterFormat,
      ...(input.allowCategoryChange === undefined ? {} : { allow_category_change: input.allowCategoryChange }),
    }).catch((error: unknown) => {
      throw templateGraphError(error);
    });
    const repository = this.dataSource.getRepository(TemplateEntity);
    // Same key as the sync's upsert: a name created again after a deletion takes over its old row.
    await repository.upsert(
      {
        wabaId: channel.wabaId,
        metaId: String(answer.body.id),
        name: input.name,
        language: input.language,
        status: String(answer.body.status ?? 'PENDING').toUpperCase(),
        category: String(answer.body.category ?? input.category).toUpperCase(),
        parameterFormat,
        components: input.components,
        qualityScore: null,
        rejectedReason: null,
        deletedAt: null,
        syncedAt: new Date(),
      },
      { conflictPaths: ['wabaId', 'name', 'language'] },
    );
    this.logger.info({ channelId: channel.id, wabaId: channel.wabaId, template: input.name, language: input.language, metaId: answer.body.id }, 'template created at Meta');
    return toView(await repository.findOneByOrFail({ wabaId: channel.wabaId, name: input.name, language: input.language }));
  }

  /** Deletes one language of a template at Meta (by its id, so other languages stay) and marks the row. */
  async remove(id: string, channelId: string | undefined, principal: ApiKeyPrincipal): Promise<TemplateView> {
    const template = await this.templates.entity(id, principal);
    if (template.deletedAt) return toView(template);
    if (!template.metaId) throw new ApiError(409, 'template_not_synced', `Template ${template.name} (${template.language}) has no Meta id yet; sync the templates first.`, { id });
    const channel = await this.channelOf(template.wabaId, channelId, principal);
    await deleteTemplate(this.graph.client, this.credentials(channel), template.wabaId, { name: template.name, hsmId: template.metaId }).catch((error: unknown) => {
      throw templateGraphError(error);
    });
    const repository = this.dataSource.getRepository(TemplateEntity);
    await repository.update({ id: template.id }, { status: 'DELETED', deletedAt: new Date() });
    this.logger.info({ channelId: channel.id, wabaId: template.wabaId, template: template.name, language: template.language }, 'template deleted at Meta');
    return toView(await repository.findOneByOrFail({ id: template.id }));
  }

  async preview(id: string, input: PreviewTemplateDto, principal: ApiKeyPrincipal): Promise<TemplatePreviewView> {
    const template = await this.templates.entity(id, principal);
    const parsed = parseTemplateComponents(template.components, template.parameterFormat);
    const given: TemplateFill = input.components ? templateFillFromComponents(input.components) : { header: input.header, body: input.body, buttons: input.buttons };
    const fill = input.useExamples ? withExamples(given, exampleFill(parsed)) : given;
    const rendered = renderTemplate(parsed, fill);
    const components = input.components && !input.useExamples ? input.components : templateComponentsFromFill(parsed, fill);
    const send = { name: template.name, language: { code: template.language }, components } as TemplatePayload;
    // The status problem (not APPROVED) and the parameter problems: a template in review can be previewed too.
    const statusProblems = templateMessageProblems(template, send).filter((problem) => problem.component === 'template');
    const problems = [...statusProblems, ...templateParameterProblems(template, send)].map(({ code, message, metaCode, component }) => ({ code, message, metaCode, component }));
    return {
      templateId: template.id,
      name: template.name,
      language: template.language,
      status: template.status,
      text: { header: rendered.header, body: rendered.body, footer: rendered.footer, buttons: rendered.buttons },
      headerFormat: rendered.headerFormat,
      missing: rendered.missing,
      components,
      problems,
      sendable: problems.length === 0,
    };
  }

  /** The channel whose token manages the WABA's templates: the one asked for, or any active one the caller may use. */
  private async channelOf(wabaId: string, channelId: string | undefined, principal: ApiKeyPrincipal): Promise<ChannelEntity> {
    if (channelId) {
      if (!mayUseChannel(principal, channelId)) throw ApiError.notFound('channel', channelId);
      const channel = await this.channels.entity(channelId);
      if (channel.wabaId !== wabaId) throw new ApiError(422, 'channel_waba_mismatch', `Channel ${channelId} belongs to another WhatsApp Business Account.`, { channelId, wabaId });
      return channel;
    }
    const query = this.dataSource.getRepository(ChannelEntity).createQueryBuilder('channel').where('channel.waba_id = :wabaId', { wabaId }).orderBy('channel.active', 'DESC').addOrderBy('channel.created_at', 'ASC');
    if (principal.channelIds) query.andWhere('channel.id = ANY(:allowed)', { allowed: principal.channelIds });
    const channel = await query.getOne();
    if (!channel) throw new ApiError(409, 'no_channel_for_waba', `No channel of WhatsApp Business Account ${wabaId} can manage its templates.`, { wabaId });
    return channel;
  }

  private credentials(channel: ChannelEntity): GraphCredentials {
    return { graphBaseUrl: channel.graphBaseUrl, apiVersion: channel.apiVersion, accessToken: this.secrets.open(channel.accessToken) };
  }
}

function groupByField(problems: Array<{ field: string; problem: string }>): FieldProblem[] {
  const byField = new Map<string, string[]>();
  for (const { field, problem } of problems) byField.set(field, [...(byField.get(field) ?? []), problem]);
  return [...byField.entries()].map(([field, list]) => ({ field, problems: list }));
}

/** Given values first; the reviewed examples where none was given. */
function withExamples(given: TemplateFill, examples: TemplateFill): TemplateFill {
  const merge = (values: TemplateFill['body'], fallback: TemplateFill['body']): TemplateFill['body'] => {
    if (!fallback) return values;
    if (!values) return fallback;
    if (Array.isArray(values) && Array.isArray(fallback)) return fallback.map((example, index) => (values[index] !== undefined ? values[index] : example));
    return values;
  };
  return { header: merge(given.header, examples.header), body: merge(given.body, examples.body), buttons: { ...examples.buttons, ...given.buttons } };
}
