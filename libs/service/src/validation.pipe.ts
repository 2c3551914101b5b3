import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, ValidationFailedError } from './api-error';

/**
 * class-validator at the API boundary: unknown fields are refused, types are
 * converted only where a DTO says so, and every problem names its field
 * (`interactive.action.buttons.0.reply.title`).
 */
export function apiValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) => new ValidationFailedError(flatten(errors)),
  });
}

function flatten(errors: ValidationError[], path = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = path ? `${path}.${error.property}` : error.property;
    const own: FieldProblem[] = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
