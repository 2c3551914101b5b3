import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, ValidationFailedError } from './api-error';

/**
 * class-validator at the API boundary: unknown fields are refused, types are
 * converted only where a DTO says so, and every problem names its field
 * (`interactive.action.buttons.0.reply.title`).
 */
export function apiValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) => new ValidationFailedError(flatten(errors)),
  });
}

/**
 * Query and path values reach SQL filters as parameters; PostgreSQL's text
 * cannot hold the NUL character and would fail the query (a 500), so a value
 * carrying one is refused here, by name, like any other invalid field.
 */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if ((metadata.type === 'query' || metadata.type === 'param') && value !== null && value !== undefined) {
      const entries: Array<[string, unknown]> = typeof value === 'object' ? Object.entries(value as Record<string, unknown>) : [[metadata.data ?? 'value', value]];
      const problems = entries
        .filter(([, given]) => [given].flat().some((item) => typeof item === 'string' && item.includes('\u0000')))
        .map(([field]) => ({ field, problems: [`${field} must not contain the NUL character`] }));
      if (problems.length > 0) throw new ValidationFailedError(problems);
    }
    return super.transform(value, metadata);
  }
}

function flatten(errors: ValidationError[], path = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = path ? `${path}.${error.property}` : error.property;
    const own: FieldProblem[] = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
