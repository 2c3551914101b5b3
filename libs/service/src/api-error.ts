/**
 * An error the API answers with: an HTTP status, a machine code and one
 * sentence, shaped `{"error":{"code","message","details"}}` by ApiExceptionFilter.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static notFound(what: string, id: string): ApiError {
    return new ApiError(404, 'not_found', `No ${what} with id ${id}.`, { id });
  }
}

export interface FieldProblem {
  field: string;
  problems: string[];
}

export class ValidationFailedError extends ApiError {
  constructor(readonly fields: FieldProblem[]) {
    super(400, 'validation_failed', `The request is invalid: ${fields.map((field) => `${field.field} (${field.problems[0]})`).join(', ')}.`, { fields });
  }
}
