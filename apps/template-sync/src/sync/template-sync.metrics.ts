import { Injectable } from '@nestjs/common';
import { Metrics } from '@wabus/service';

/** What operators watch: syncs by outcome, pages, template changes, Graph failures, and how fresh each WABA is. */
@Injectable()
export class TemplateSyncMetrics {
  readonly syncs;
  readonly pages;
  readonly templates;
  readonly graphErrors;
  readonly duration;
  readonly lastSuccess;

  constructor(metrics: Metrics) {
    this.syncs = metrics.counter({
      name: 'wabus_template_syncs_total',
      help: 'Template sync jobs by reason and outcome (completed, fresh, joined, failed, rate_limited, skipped).',
      labelNames: ['reason', 'outcome'],
    });
    this.pages = metrics.counter({ name: 'wabus_template_sync_pages_total', help: 'Pages of message_templates read from the Graph API.' });
    this.templates = metrics.counter({
      name: 'wabus_template_sync_templates_total',
      help: 'Templates written by syncs, by change (inserted, changed, unchanged, deleted).',
      labelNames: ['change'],
    });
    this.graphErrors = metrics.counter({
      name: 'wabus_template_sync_graph_errors_total',
      help: 'Failed Graph API calls during syncs, by kind (transient, rate_limited, permanent) and code.',
      labelNames: ['kind', 'code'],
    });
    this.duration = metrics.histogram({
      name: 'wabus_template_sync_duration_seconds',
      help: 'Time of a complete sync pass of one WABA.',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    });
    this.lastSuccess = metrics.gauge({
      name: 'wabus_template_sync_last_success_timestamp_seconds',
      help: 'When the templates of a WABA were last completely synced (Unix seconds): alert when it falls behind.',
      labelNames: ['waba_id'],
    });
  }
}
