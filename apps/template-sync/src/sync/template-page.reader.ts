import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { readTemplateListingPage, TEMPLATE_LIST_FIELDS, type TemplateListingPage } from '@wabus/domain';
import { GraphClient, listTemplatesPage, type GraphCredentials } from '@wabus/whatsapp';
import { TEMPLATE_SYNC_SETTINGS, TemplateSyncSettings } from '../template-sync.settings';
import { classifyGraphFailure, GraphFailure } from './graph-failure';
import { pageBackoffMs } from './sync-progress';
import { TemplateSyncMetrics } from './template-sync.metrics';

/** A page could not be read: after its retries (transient), or at once (rate limit, permanent). */
export class PageReadError extends Error {
  override readonly name = 'PageReadError';
  readonly code: string;

  constructor(
    readonly failure: GraphFailure,
    readonly after: string | null,
  ) {
    super(failure.message);
    this.code = `graph_${failure.code}`;
  }
}

/**
 * Reads one page of a WABA's templates, asking for every field we keep.
 * A transient failure (a 5xx mid-paging, a timeout) is retried here with
 * backoff, so one bad answer costs a moment, not the pages already read.
 */
@Injectable()
export class TemplatePageReader {
  constructor(
    private readonly graph: GraphClient,
    private readonly metrics: TemplateSyncMetrics,
    @Inject(TEMPLATE_SYNC_SETTINGS) private readonly settings: TemplateSyncSettings,
  ) {}

  async read(target: GraphCredentials, wabaId: string, after: string | null): Promise<TemplateListingPage> {
    for (let attempt = 1; ; attempt++) {
      try {
        const exchange = await listTemplatesPage(this.graph, target, wabaId, { fields: TEMPLATE_LIST_FIELDS, limit: this.settings.pageSize, after });
        this.metrics.pages.inc();
        return readTemplateListingPage(exchange.body);
      } catch (error) {
        const failure = classifyGraphFailure(error);
        this.metrics.graphErrors.inc({ kind: failure.kind, code: failure.code });
        if (failure.kind !== 'transient' || attempt >= this.settings.pageAttempts) throw new PageReadError(failure, after);
        await sleep(pageBackoffMs(attempt, this.settings.pageBackoffMs, this.settings.pageBackoffMaxMs));
      }
    }
  }
}
