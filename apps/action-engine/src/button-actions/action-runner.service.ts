import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '@wabus/config';
import { RuleEffect, RuleError, RuleEvaluator } from '@wabus/domain';
import { APP_CONFIG, LOGGER, Metrics } from '@wabus/service';
import { ButtonActionDirectory } from '../directories/button-action-directory';
import type { Interaction } from '../events/domain-event';
import { ActionRunsRepository, ClaimedRun, RunError, RunnableAction } from './action-runs.repository';
import { ContactsRepository } from './contacts.repository';
import { EffectContext, EffectError, EffectOutcome, EffectsService } from './effects.service';
import { Trigger, triggerDocument } from './trigger';

/**
 * Runs the actions bound to a tapped button, in sequence, each once per tap:
 *
 * 1. claim the run rows (unique action + message): a run that already
 *    succeeded is not claimed again, whatever delivered the event twice;
 * 2. apply each action's effects, every one idempotent in the (action,
 *    message) pair or the run's id (see EffectsService), so a run attempted
 *    again after a crash mid-way finishes what is missing and repeats nothing;
 * 3. record the input and the outcome, or the error: a permanent one (a rule
 *    that loops, a reply with nowhere to go) fails the run for good and the
 *    next action runs; a transient one (database, Redis) fails the event job,
 *    which BullMQ retries with backoff and, at the last attempt, dead-letters.
 *
 * The first action's reply, when it needs nothing from the database (no
 * contact placeholder), is queued while the runs are being claimed: its
 * idempotency key is the (action, message) pair, the run's own key, so
 * sending it before the run row exists cannot send it twice. That keeps the
 * bookkeeping out of the time between a tap and its answer.
 */
@Injectable()
export class ActionRunner {
  private readonly runs;

  constructor(
    private readonly directory: ButtonActionDirectory,
    private readonly runRows: ActionRunsRepository,
    private readonly contacts: ContactsRepository,
    private readonly effects: EffectsService,
    private readonly rules: RuleEvaluator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: Metrics,
  ) {
    this.runs = metrics.counter({ name: 'wabus_action_runs_total', help: 'Button action runs, by action type and outcome.', labelNames: ['type', 'outcome'] });
  }

  /** `lastAttempt`: no retry follows if this attempt fails (the run is then recorded as failed). */
  async runForTap(interaction: Interaction, lastAttempt: boolean): Promise<number> {
    if (!interaction.replyId) return 0;
    const actions = this.directory.forButton(interaction.replyId, interaction.channelId);
    if (actions.length === 0) return 0;
    const early = sendsEarly(actions[0]) ? this.effects.apply('send_message', actions[0].config, this.context(actions[0], null, { interaction, contact: null })) : null;
    void early?.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled" meanwhile
    const [runs, contact] = await Promise.all([
      this.runRows.claim(
        actions.map((action) => action.id),
        interaction.messageId,
      ),
      interaction.contactId && actions.some(needsContact) ? this.contacts.find(interaction.contactId) : Promise.resolve(null),
    ]);
    const trigger: Trigger = { interaction, contact };
    const input = triggerDocument(trigger);
    let ran = 0;
    for (const [index, action] of actions.entries()) {
      const run = runs.get(action.id);
      if (!run) continue;
      await this.runOne(action, run, trigger, input, lastAttempt, index === 0 ? early : null);
      ran += 1;
    }
    // A run that had already succeeded: its early reply was a no-op resubmission; let it settle before the job ends.
    await early?.catch(() => undefined);
    return ran;
  }

  private async runOne(
    action: RunnableAction,
    run: ClaimedRun,
    trigger: Trigger,
    input: Record<string, unknown>,
    lastAttempt: boolean,
    early: Promise<EffectOutcome> | null,
  ): Promise<void> {
    const log = { actionId: action.id, runId: run.id, messageId: trigger.interaction.messageId, channelId: trigger.interaction.channelId, attempt: run.attempts };
    try {
      const outcome = await (early ?? this.execute(action, run, trigger));
      const skipped = typeof outcome['skipped'] === 'string';
      await this.runRows.finish(run.id, skipped ? 'skipped' : 'succeeded', input, outcome);
      this.runs.inc({ type: action.type, outcome: skipped ? 'skipped' : 'succeeded' });
    } catch (error) {
      const permanent = error instanceof RuleError || (error instanceof EffectError && error.permanent);
      await this.runRows.fail(run.id, input, runError(error), permanent || lastAttempt);
      this.runs.inc({ type: action.type, outcome: permanent || lastAttempt ? 'failed' : 'retry' });
      this.logger.warn({ ...log, err: error, permanent }, permanent ? 'button action failed; not retried' : 'button action failed; the tap will be retried');
      if (!permanent) throw error;
    }
  }

  private async execute(action: RunnableAction, run: ClaimedRun, trigger: Trigger): Promise<EffectOutcome> {
    if (action.type !== 'rule') return this.effects.apply(action.type, action.config, this.context(action, run, trigger));
    const effects = await this.ruleEffects(action, run, trigger);
    const results: EffectOutcome[] = [];
    for (const [index, effect] of effects.entries()) {
      results.push({ type: effect.type, ...(await this.effects.apply(effect.type, effect.config, { ...this.context(action, run, trigger), key: `${run.id}.${index}` })) });
    }
    return { effects, results };
  }

  /** An action's effects are keyed by (action, message), exactly the run's unique key; a rule's by its run and their position. */
  private context(action: RunnableAction, run: ClaimedRun | null, trigger: Trigger): EffectContext {
    return { runId: run?.id ?? null, key: `${action.id}.${trigger.interaction.messageId}`, actionId: action.id, actionName: action.name, trigger };
  }

  /** A rule is evaluated once per run: its effects are kept before any is applied, and a retry applies the kept list. */
  private async ruleEffects(action: RunnableAction, run: ClaimedRun, trigger: Trigger): Promise<RuleEffect[]> {
    const kept = run.outcome?.['effects'];
    if (Array.isArray(kept)) return kept as RuleEffect[];
    const expression = String(action.config['expression'] ?? '');
    const effects = await this.rules.effects(expression, triggerDocument(trigger), { allowPrivateUrls: this.config.allowPrivateUrls });
    const outcome = await this.runRows.keepOutcome(run.id, { effects });
    return (outcome['effects'] as RuleEffect[] | undefined) ?? effects;
  }
}

const CONTACT_PLACEHOLDER = /\{\{\s*contact\./;

/**
 * Whether an action reads the contact's profile: its placeholders, a rule's
 * document, a webhook's or ticket's payload. A plain reply does not, and the
 * tap's own fields (contact id, phone) are enough for it.
 */
function needsContact(action: RunnableAction): boolean {
  if (action.type === 'send_message' || action.type === 'update_contact' || action.type === 'update_status') return CONTACT_PLACEHOLDER.test(JSON.stringify(action.config));
  return true;
}

/** A reply that needs no contact data (and no quote lookup) can go before the runs are claimed. */
function sendsEarly(action: RunnableAction): boolean {
  return action.type === 'send_message' && action.config['quote'] !== true && !needsContact(action);
}

function runError(error: unknown): RunError {
  if (error instanceof RuleError) return { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  if (error instanceof EffectError) return { code: error.code, message: error.message };
  const code = (error as { code?: unknown })?.code;
  return { code: typeof code === 'string' ? code : 'transient_error', message: error instanceof Error ? error.message : String(error) };
}
