import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@wabus/config';
import { RuleError, RuleEvaluator, sampleTapDocument } from '@wabus/domain';
import { ApiError, APP_CONFIG } from '@wabus/service';
import { RuleSampleEventView, RuleTestResultView, TestRuleDto } from './button-action.dto';

/**
 * Tries a rule before it is saved: the action engine's evaluator, limits and
 * effect validation, on a document of the engine's shape (libs/domain's
 * tapDocument). Nothing is applied: the effects are only returned, so this
 * service has no database, queue or HTTP client to reach anything with.
 */
@Injectable()
export class RuleTestService {
  constructor(
    private readonly rules: RuleEvaluator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async test(input: TestRuleDto): Promise<RuleTestResultView> {
    try {
      const effects = await this.rules.effects(input.expression, input.event ?? sampleTapDocument(), { allowPrivateUrls: this.config.allowPrivateUrls });
      return { effects };
    } catch (error) {
      // The codes a run would record (rule_timeout, rule_output_invalid, …): the rule is understood but cannot run as written.
      if (error instanceof RuleError) throw new ApiError(422, error.code, error.message, error.details);
      throw error;
    }
  }

  sampleEvent(): RuleSampleEventView {
    return { event: sampleTapDocument() };
  }
}
