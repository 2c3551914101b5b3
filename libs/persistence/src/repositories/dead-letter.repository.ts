import { jsonText, type SqlRunner } from './sql-runner';

export interface DeadLetterRecord {
  queue: string;
  jobName: string;
  jobId: string;
  payload: Record<string, unknown>;
  error: { code: string; message: string; [extra: string]: unknown };
  attempts: number;
}

/** Work kept for an operator to read and replay; the same (queue, job id) is kept once. */
export class DeadLetterRepository {
  constructor(private readonly sql: SqlRunner) {}

  async record(letter: DeadLetterRecord): Promise<boolean> {
    const inserted = await this.sql.execute(
      `INSERT INTO dead_letters (queue, job_name, job_id, payload, error, attempts) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6)
       ON CONFLICT (queue, job_id) DO NOTHING`,
      [letter.queue, letter.jobName, letter.jobId, jsonText(letter.payload), jsonText(letter.error), letter.attempts],
    );
    return inserted > 0;
  }
}
