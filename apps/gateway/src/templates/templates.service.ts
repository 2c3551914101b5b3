import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUuid, parseTemplateComponents } from '@wabus/domain';
import { ChannelEntity, containsPattern, CursorPage, paginateNewestFirst, TemplateEntity } from '@wabus/persistence';
import { JobName, JobQueues, QueueName } from '@wabus/queues';
import { ApiError } from '@wabus/service';
import { pageOf } from '../api/page-query.dto';
import { ApiKeyPrincipal, mayUseChannel } from '../auth/api-key-principal';
import { ChannelsService } from '../channels/channels.service';
import { TemplateQueryDto, TemplateSyncAcceptedView, TemplateSyncView, TemplateView } from './template.dto';

/** Synced templates (read-only here: template-sync writes them) and sync requests. */
@Injectable()
export class TemplatesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly channels: ChannelsService,
    private readonly queues: JobQueues,
  ) {}

  async list(query: TemplateQueryDto, principal: ApiKeyPrincipal): Promise<CursorPage<TemplateView>> {
    const builder = this.dataSource.getRepository(TemplateEntity).createQueryBuilder('template');
    if (query.channelId) {
      if (!mayUseChannel(principal, query.channelId)) throw new ApiError(403, 'forbidden', 'This API key may not use this channel.');
      builder.andWhere('template.waba_id = :wabaId', { wabaId: (await this.channels.entity(query.channelId)).wabaId });
    } else if (principal.channelIds) {
      builder.andWhere('template.waba_id IN (SELECT waba_id FROM channels WHERE id = ANY(:allowed))', { allowed: principal.channelIds });
    }
    if (query.status) builder.andWhere('template.status = :status', { status: query.status.toUpperCase() });
    if (query.language) builder.andWhere('template.language = :language', { language: query.language.replace('-', '_') });
    if (query.category) builder.andWhere('template.category = :category', { category: query.category });
    if (query.name) builder.andWhere('template.name ILIKE :name', { name: containsPattern(query.name) });
    const page = await paginateNewestFirst(builder, 'template', pageOf(query), 'synced_at');
    return { data: page.data.map(toView), nextCursor: page.nextCursor };
  }

  async get(id: string, principal: ApiKeyPrincipal): Promise<TemplateView> {
    return toView(await this.entity(id, principal));
  }

  /** A template row the caller may see (one of its channels shares the template's WABA); 404 otherwise. */
  async entity(id: string, principal: ApiKeyPrincipal): Promise<TemplateEntity> {
    const template = isUuid(id) ? await this.dataSource.getRepository(TemplateEntity).findOne({ where: { id } }) : null;
    if (!template) throw ApiError.notFound('template', id);
    if (principal.channelIds) {
      const visible = await this.dataSource
        .getRepository(ChannelEntity)
        .createQueryBuilder('channel')
        .where('channel.id = ANY(:allowed)', { allowed: principal.channelIds })
        .andWhere('channel.waba_id = :wabaId', { wabaId: template.wabaId })
        .getExists();
      if (!visible) throw ApiError.notFound('template', id);
    }
    return template;
  }

  /** One sync per channel at a time: a request while one is waiting or running joins it. */
  async requestSync(channelId: string, principal: ApiKeyPrincipal): Promise<TemplateSyncAcceptedView> {
    if (!mayUseChannel(principal, channelId)) throw ApiError.notFound('channel', channelId);
    await this.channels.entity(channelId);
    const jobId = await this.queues.enqueue(JobName.SyncTemplates, { v: 1, channelId, reason: 'api' }, { deduplicationId: `sync-templates-${channelId}` });
    return { jobId, status: 'queued' };
  }

  async syncStatus(jobId: string): Promise<TemplateSyncView> {
    const job = await this.queues.queue(QueueName.TemplateSync).getJob(jobId);
    if (!job) throw ApiError.notFound('template sync', jobId);
    return { jobId, state: await job.getState(), progress: job.progress ?? null, failedReason: job.failedReason ?? null };
  }
}


export function toView(template: TemplateEntity): TemplateView {
  return {
    id: template.id,
    wabaId: template.wabaId,
    metaId: template.metaId,
    name: template.name,
    language: template.language,
    status: template.status,
    category: template.category,
    parameterFormat: template.parameterFormat,
    components: template.components,
    qualityScore: template.qualityScore,
    rejectedReason: template.rejectedReason,
    deletedAt: template.deletedAt?.toISOString() ?? null,
    syncedAt: template.syncedAt.toISOString(),
    parsed: parseTemplateComponents(template.components, template.parameterFormat),
  };
}
