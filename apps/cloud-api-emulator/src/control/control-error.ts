import { HttpException, ValidationError, ValidationPipe } from '@nestjs/common';

/** Control routes answer errors as the rest of wabus does: `{error: {code, message, details?}}`. */
export function controlError(status: number, code: string, message: string, details?: unknown): HttpException {
  return new HttpException({ error: { code, message, ...(details === undefined ? {} : { details }) } }, status);
}

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((constraint) => `${path}: ${constraint}`);
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/** DTO validation for control routes: a clear 400 naming every bad field. */
export const controlValidation = new ValidationPipe({
  transform: true,
  whitelist: false,
  forbidUnknownValues: false,
  exceptionFactory: (errors) => {
    const problems = flatten(errors);
    return controlError(400, 'invalid_request', problems[0] ?? 'The request body is invalid.', problems);
  },
});
