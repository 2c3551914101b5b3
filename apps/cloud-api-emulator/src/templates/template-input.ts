import { MetaRejection } from '../errors/meta-rejection';
import { isMalformedJson } from '../validation/malformed-json';
import { isObject } from '../validation/param-checks';
import { malformedBody } from '../validation/send-request.validator';
import { TEMPLATE_CATEGORIES, TemplateDefinition, TemplateDefinitionComponent, templatePlaceholders } from '../validation/template-definition';

const NAME = /^[a-z0-9_]{1,512}$/;

/** A Meta template object as given to a control route: ids, status and format filled in when absent. */
export function templateFromInput(input: Record<string, unknown>, id: string, defaultStatus: string): TemplateDefinition {
  const components = (Array.isArray(input['components']) ? input['components'] : []) as TemplateDefinitionComponent[];
  return {
    ...input,
    id: typeof input['id'] === 'string' && input['id'] ? input['id'] : id,
    name: String(input['name']),
    language: String(input['language']),
    status: typeof input['status'] === 'string' ? input['status'].toUpperCase() : defaultStatus,
    category: String(input['category']).toUpperCase(),
    parameter_format: input['parameter_format'] === 'NAMED' || input['parameter_format'] === 'POSITIONAL' ? input['parameter_format'] : inferFormat(components),
    components,
  };
}

function inferFormat(components: TemplateDefinitionComponent[]): 'POSITIONAL' | 'NAMED' {
  const names = components.flatMap((component) => templatePlaceholders(component.text));
  return names.some((name) => !/^\d+$/.test(name)) ? 'NAMED' : 'POSITIONAL';
}

// Template-management errors are code 100 with a subcode and user-facing sentences (whatsapp-cloud-api.md §3.3).
function creationError(details: string, subcode?: number, userTitle = 'Invalid parameter'): MetaRejection {
  return new MetaRejection(100, {
    details,
    subcode,
    extra: {
      is_transient: false,
      error_user_title: userTitle,
      error_user_msg: details,
    },
  });
}

/**
 * The checks of `POST /{waba-id}/message_templates` that a client can get
 * wrong (§5.1, §5.3): name format, category, a body, lengths, and a variable
 * at the very start or end of the body.
 */
export function validateTemplateCreation(body: unknown): Record<string, unknown> {
  if (isMalformedJson(body)) throw malformedBody(body);
  if (!isObject(body)) throw creationError('The request body must be a JSON object.');
  for (const field of ['name', 'language', 'category']) {
    if (typeof body[field] !== 'string' || body[field] === '')
      throw new MetaRejection(100, {
        message: `(#100) The parameter ${field} is required.`,
        details: `The parameter ${field} is required.`,
      });
  }
  if (!NAME.test(body['name'] as string))
    throw creationError('Template names may only contain lowercase letters, digits and underscores (at most 512 characters).');
  const category = (body['category'] as string).toUpperCase();
  if (!(TEMPLATE_CATEGORIES as readonly string[]).includes(category))
    throw creationError(`Param category must be one of {${TEMPLATE_CATEGORIES.join(', ')}}, received '${body['category'] as string}'.`);
  if (!Array.isArray(body['components']))
    throw new MetaRejection(100, {
      message: '(#100) The parameter components is required.',
      details: 'The parameter components is required.',
    });
  const components = body['components'] as unknown[];
  if (!components.every(isObject)) throw creationError('Every component must be a JSON object.');
  const typed = components as TemplateDefinitionComponent[];
  const bodyComponent = typed.find((component) => String(component.type).toUpperCase() === 'BODY');
  if (!bodyComponent && category !== 'AUTHENTICATION') throw creationError('A template needs a BODY component.', 2388072, 'Body format invalid');
  checkTexts(typed);
  return { ...body, category };
}

function checkTexts(components: TemplateDefinitionComponent[]): void {
  for (const component of components) {
    const type = String(component.type).toUpperCase();
    const text = typeof component.text === 'string' ? component.text : '';
    const max = type === 'BODY' ? 1024 : type === 'HEADER' || type === 'FOOTER' ? 60 : Infinity;
    if ([...text].length > max) throw creationError(`${type} text is longer than ${max} characters.`, 2388040, 'Field too long');
    if (type === 'FOOTER' && templatePlaceholders(text).length > 0)
      throw creationError('The footer cannot contain variables.', 2388073, 'Footer format invalid');
    if (type === 'HEADER' && templatePlaceholders(text).length > 1)
      throw creationError('The header can contain at most one variable.', 2388047, 'Header format invalid');
    if (type === 'BODY' && /^\s*\{\{[^}]+\}\}|\{\{[^}]+\}\}\s*$/.test(text)) {
      throw creationError('Variables cannot be at the start or end of the template body.', 2388299, 'Variables can’t be at the start or end of the template');
    }
  }
}
