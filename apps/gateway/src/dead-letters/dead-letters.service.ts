import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CursorPage, DeadLetterEntity, paginateNewestFirst } from '@wabus/persistence';
import { InvalidJobError, JOB_QUEUE, JobName, JobOf, JobQueues } from '@wabus/queues';
import { ApiError } from '@wabus/service';
import { pageOf } from '../api/page-query.dto';
import { DeadLetterQueryDto, DeadLetterRetryView, DeadLetterView } from './dead-letter.dto';
import { isUuid } from '@wabus/domain';


/** Work that kept failing, readable and replayable by an operator. */
@Injectable()
export class DeadLettersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: JobQueues,
  ) {}

  private get deadLetters() {
    return this.dataSource.getRepository(DeadLetterEntity);
  }

  async list(query: DeadLetterQueryDto): Promise<CursorPage<DeadLetterView>> {
    const builder = this.deadLetters.createQueryBuilder('dead_letter');
    if (query.queue) builder.andWhere('dead_letter.queue = :queue', { queue: query.queue });
    if (query.pending === 'true') builder.andWhere('dead_letter.replayed_at IS NULL');
    if (query.pending === 'false') builder.andWhere('dead_letter.replayed_at IS NOT NULL');
    const page = await paginateNewestFirst(builder, 'dead_letter', pageOf(query), 'failed_at');
    return { data: page.data.map(toView), nextCursor: page.nextCursor };
  }

  /**
   * Puts the job back on its queue under a new id (the old id may still be
   * kept by BullMQ as failed). A payload that breaks its contract stays dead.
   */
  async retry(id: string): Promise<DeadLetterRetryView> {
    const deadLetter = isUuid(id) ? await this.deadLetters.findOne({ where: { id } }) : null;
    if (!deadLetter) throw ApiError.notFound('dead letter', id);
    if (!(deadLetter.jobName in JOB_QUEUE)) throw new ApiError(422, 'unknown_job', `Job name ${deadLetter.jobName} is not one this version handles.`);
    const name = deadLetter.jobName as JobName;
    const replayJobId = `replay-${deadLetter.id}-${Date.now()}`;
    try {
      await this.queues.enqueue(name, deadLetter.payload as unknown as JobOf<typeof name>, { jobId: replayJobId });
    } catch (error) {
      if (error instanceof InvalidJobError) throw new ApiError(422, 'invalid_job', `This job cannot be replayed: ${error.message}`, { problems: error.problems });
      throw error;
    }
    await this.deadLetters.update({ id }, { replayedAt: new Date(), replayJobId });
    return { id, replayJobId };
  }
}

function toView(deadLetter: DeadLetterEntity): DeadLetterView {
  return {
    id: deadLetter.id,
    queue: deadLetter.queue,
    jobName: deadLetter.jobName,
    jobId: deadLetter.jobId,
    payload: deadLetter.payload,
    error: deadLetter.error,
    attempts: deadLetter.attempts,
    failedAt: deadLetter.failedAt.toISOString(),
    replayedAt: deadLetter.replayedAt?.toISOString() ?? null,
    replayJobId: deadLetter.replayJobId,
  };
}
