import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@wabus/config';
import { buttonActionConfigProblems, isUuid } from '@wabus/domain';
import { ActionRunEntity, ButtonActionEntity, CursorPage, paginateNewestFirst } from '@wabus/persistence';
import { ApiError, APP_CONFIG, ValidationFailedError } from '@wabus/service';
import { pageOf } from '../api/page-query.dto';
import { ApiKeyPrincipal, mayUseChannel } from '../auth/api-key-principal';
import { ChannelsService } from '../channels/channels.service';
import { ActionRunQueryDto, ActionRunView, ButtonActionQueryDto, ButtonActionView, CreateButtonActionDto, UpdateButtonActionDto } from './button-action.dto';


/**
 * Button actions: validated when written (the type's config, placeholders,
 * URLs, a rule's syntax), so the engine only ever runs what could run.
 * A key restricted to some channels sees and changes only their actions.
 */
@Injectable()
export class ButtonActionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly channels: ChannelsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get actions() {
    return this.dataSource.getRepository(ButtonActionEntity);
  }

  async create(input: CreateButtonActionDto, principal: ApiKeyPrincipal): Promise<ButtonActionView> {
    await this.checkChannel(input.channelId ?? null, principal);
    this.checkConfig(input.type, input.config);
    const saved = await this.actions.save(
      this.actions.create({
        name: input.name,
        buttonId: input.buttonId,
        channelId: input.channelId ?? null,
        type: input.type,
        config: input.config,
        active: input.active ?? true,
        sequence: input.sequence ?? 0,
      }),
    );
    return toView(saved);
  }

  async get(id: string, principal: ApiKeyPrincipal): Promise<ButtonActionView> {
    return toView(await this.entity(id, principal));
  }

  async list(query: ButtonActionQueryDto, principal: ApiKeyPrincipal): Promise<CursorPage<ButtonActionView>> {
    const builder = this.actions.createQueryBuilder('action');
    if (principal.channelIds) builder.andWhere('action.channel_id = ANY(:allowed)', { allowed: principal.channelIds });
    if (query.buttonId) builder.andWhere('action.button_id = :buttonId', { buttonId: query.buttonId });
    if (query.channelId) builder.andWhere('action.channel_id = :channelId', { channelId: query.channelId });
    if (query.type) builder.andWhere('action.type = :type', { type: query.type });
    if (query.active !== undefined) builder.andWhere('action.active = :active', { active: query.active });
    const page = await paginateNewestFirst(builder, 'action', pageOf(query));
    return { data: page.data.map(toView), nextCursor: page.nextCursor };
  }

  async update(id: string, input: UpdateButtonActionDto, principal: ApiKeyPrincipal): Promise<ButtonActionView> {
    const entity = await this.entity(id, principal);
    if (input.channelId !== undefined) await this.checkChannel(input.channelId ?? null, principal);
    const type = input.type ?? entity.type;
    const config = input.config ?? entity.config;
    if (input.type !== undefined || input.config !== undefined) this.checkConfig(type, config);
    Object.assign(entity, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.buttonId !== undefined ? { buttonId: input.buttonId } : {}),
      ...(input.channelId !== undefined ? { channelId: input.channelId ?? null } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      ...(input.sequence !== undefined ? { sequence: input.sequence } : {}),
      type,
      config,
    });
    return toView(await this.actions.save(entity));
  }

  async remove(id: string, principal: ApiKeyPrincipal): Promise<void> {
    const entity = await this.entity(id, principal);
    await this.actions.delete({ id: entity.id });
  }

  async runs(id: string, query: ActionRunQueryDto, principal: ApiKeyPrincipal): Promise<CursorPage<ActionRunView>> {
    const action = await this.entity(id, principal);
    const builder = this.dataSource.getRepository(ActionRunEntity).createQueryBuilder('run').where('run.action_id = :actionId', { actionId: action.id });
    if (query.status) builder.andWhere('run.status = :status', { status: query.status });
    if (query.messageId) builder.andWhere('run.message_id = :messageId', { messageId: query.messageId });
    const page = await paginateNewestFirst(builder, 'run', pageOf(query));
    return { data: page.data.map(toRunView), nextCursor: page.nextCursor };
  }

  private async entity(id: string, principal: ApiKeyPrincipal): Promise<ButtonActionEntity> {
    const entity = isUuid(id) ? await this.actions.findOne({ where: { id } }) : null;
    if (!entity) throw ApiError.notFound('button action', id);
    const visible = entity.channelId ? mayUseChannel(principal, entity.channelId) : principal.channelIds === null;
    if (!visible) throw ApiError.notFound('button action', id);
    return entity;
  }

  private async checkChannel(channelId: string | null, principal: ApiKeyPrincipal): Promise<void> {
    if (channelId === null) {
      if (principal.channelIds !== null) throw new ApiError(403, 'forbidden', 'This API key is limited to some channels; give the action a channelId.', { channelIds: principal.channelIds });
      return;
    }
    if (!mayUseChannel(principal, channelId)) throw new ApiError(403, 'forbidden', 'This API key may not use this channel.', { channelId });
    await this.channels.entity(channelId);
  }

  private checkConfig(type: string, config: Record<string, unknown>): void {
    const problems = buttonActionConfigProblems(type, config, { allowPrivateUrls: this.config.allowPrivateUrls });
    if (problems.length > 0) throw new ValidationFailedError(problems.map((problem) => ({ field: problem.field, problems: [problem.problem] })));
  }
}

function toView(action: ButtonActionEntity): ButtonActionView {
  return {
    id: action.id,
    name: action.name,
    buttonId: action.buttonId,
    channelId: action.channelId,
    type: action.type,
    config: action.config,
    active: action.active,
    sequence: action.sequence,
    createdAt: action.createdAt.toISOString(),
    updatedAt: action.updatedAt.toISOString(),
  };
}

function toRunView(run: ActionRunEntity): ActionRunView {
  return {
    id: run.id,
    actionId: run.actionId,
    messageId: run.messageId,
    status: run.status,
    input: run.input,
    outcome: run.outcome,
    error: run.error,
    attempts: run.attempts,
    createdAt: run.createdAt.toISOString(),
    updatedAt: run.updatedAt.toISOString(),
  };
}
