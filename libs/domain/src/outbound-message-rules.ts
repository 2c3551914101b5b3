/**
 * The rules of Meta's send payloads that span several fields (which type object
 * must be present, exactly one media source, unique button ids, at most ten list
 * rows in all…). Field-level shapes are checked at the API boundary; these are
 * checked after, so a caller learns every problem with its field path, before
 * anything is queued or sent (whatsapp-cloud-api.md §2.3, §2.7, §2.8).
 */
export interface PayloadProblem {
  field: string;
  problem: string;
}

const TYPE_OBJECTS = ['text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts', 'interactive', 'template', 'reaction'] as const;
const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'document', 'sticker']);
const CAPTIONED = new Set(['image', 'video', 'document']);

type Payloads = Partial<Record<(typeof TYPE_OBJECTS)[number], unknown>>;

export function outboundMessageProblems(type: string, payloads: Payloads): PayloadProblem[] {
  const problems: PayloadProblem[] = [];
  for (const name of TYPE_OBJECTS) {
    const present = payloads[name] !== undefined && payloads[name] !== null;
    if (name === type && !present) problems.push({ field: name, problem: `a ${type} message needs a "${name}" object` });
    if (name !== type && present) problems.push({ field: name, problem: `"${name}" does not belong in a ${type} message` });
  }
  const payload = payloads[type as keyof Payloads];
  if (payload === undefined || payload === null || typeof payload !== 'object') return problems;
  if (MEDIA_TYPES.has(type)) problems.push(...mediaProblems(type, type, payload as MediaLike));
  if (type === 'interactive') problems.push(...interactiveProblems(payload as InteractiveLike));
  if (type === 'template') problems.push(...templateProblems(payload as TemplateLike));
  return problems;
}

interface MediaLike {
  id?: string;
  link?: string;
  caption?: string;
  filename?: string;
  voice?: boolean;
}

function mediaProblems(field: string, kind: string, media: MediaLike, allowCaption = CAPTIONED.has(kind)): PayloadProblem[] {
  const problems: PayloadProblem[] = [];
  if (Boolean(media.id) === Boolean(media.link)) problems.push({ field, problem: 'give exactly one of id (uploaded media) or link (public URL)' });
  if (media.caption !== undefined && !allowCaption) problems.push({ field: `${field}.caption`, problem: `${kind} media cannot have a caption here` });
  if (media.filename !== undefined && kind !== 'document') problems.push({ field: `${field}.filename`, problem: 'only documents have a filename' });
  if (media.voice !== undefined && kind !== 'audio') problems.push({ field: `${field}.voice`, problem: 'only audio can be a voice note' });
  return problems;
}

interface InteractiveLike {
  type?: string;
  header?: { type?: string; text?: string } & Partial<Record<'image' | 'video' | 'document', MediaLike>>;
  body?: { text?: string };
  action?: {
    buttons?: Array<{ reply?: { id?: string; title?: string } }>;
    button?: string;
    sections?: Array<{ title?: string; rows?: Array<{ id?: string }> }>;
    name?: string;
    parameters?: unknown;
  };
}

function interactiveProblems(interactive: InteractiveLike): PayloadProblem[] {
  const problems: PayloadProblem[] = [];
  const action = interactive.action ?? {};
  const bodyLimit = interactive.type === 'list' ? 4096 : 1024;
  if ((interactive.body?.text?.length ?? 0) > bodyLimit) {
    problems.push({ field: 'interactive.body.text', problem: `at most ${bodyLimit} characters in a ${interactive.type} message` });
  }
  const header = interactive.header;
  if (header) {
    if (header.type === 'text' && !header.text) problems.push({ field: 'interactive.header.text', problem: 'a text header needs text' });
    if (header.type && header.type !== 'text') {
      const media = header[header.type as 'image' | 'video' | 'document'];
      if (!media) problems.push({ field: `interactive.header.${header.type}`, problem: `a ${header.type} header needs a "${header.type}" object` });
      else problems.push(...mediaProblems(`interactive.header.${header.type}`, header.type, media, false));
    }
    if (interactive.type === 'list' && header.type !== 'text') problems.push({ field: 'interactive.header.type', problem: 'a list message can only have a text header' });
  }
  switch (interactive.type) {
    case 'button': {
      if (!action.buttons) problems.push({ field: 'interactive.action.buttons', problem: 'reply buttons need 1 to 3 buttons' });
      for (const extra of ['sections', 'button', 'parameters'] as const) {
        if (action[extra] !== undefined) problems.push({ field: `interactive.action.${extra}`, problem: 'does not belong in a reply-button message' });
      }
      problems.push(...duplicates('interactive.action.buttons', (action.buttons ?? []).map((button) => button.reply?.id), 'reply.id'));
      problems.push(...duplicates('interactive.action.buttons', (action.buttons ?? []).map((button) => button.reply?.title), 'reply.title'));
      break;
    }
    case 'list': {
      if (!action.button) problems.push({ field: 'interactive.action.button', problem: "a list needs the menu button's label" });
      if (!action.sections) problems.push({ field: 'interactive.action.sections', problem: 'a list needs 1 to 10 sections' });
      if (action.buttons !== undefined) problems.push({ field: 'interactive.action.buttons', problem: 'does not belong in a list message' });
      const sections = action.sections ?? [];
      const rows = sections.flatMap((section) => section.rows ?? []);
      if (rows.length > 10) problems.push({ field: 'interactive.action.sections', problem: `at most 10 rows in all sections together (got ${rows.length})` });
      if (sections.length > 1) {
        sections.forEach((section, index) => {
          if (!section.title) problems.push({ field: `interactive.action.sections.${index}.title`, problem: 'each section needs a title when there are several' });
        });
      }
      problems.push(...duplicates('interactive.action.sections', rows.map((row) => row.id), 'rows.id'));
      break;
    }
    case 'cta_url': {
      if (action.name !== 'cta_url') problems.push({ field: 'interactive.action.name', problem: 'must be "cta_url"' });
      if (!action.parameters) problems.push({ field: 'interactive.action.parameters', problem: 'needs display_text and url' });
      break;
    }
    default:
      break;
  }
  return problems;
}

interface TemplateLike {
  components?: Array<{ type?: string; sub_type?: string; index?: string; parameters?: Array<{ type?: string; parameter_name?: string }> }>;
}

function templateProblems(template: TemplateLike): PayloadProblem[] {
  const problems: PayloadProblem[] = [];
  const components = template.components ?? [];
  components.forEach((component, index) => {
    const field = `template.components.${index}`;
    if (component.type === 'button') {
      if (!component.sub_type) problems.push({ field: `${field}.sub_type`, problem: 'a button component needs its sub_type (quick_reply, url, …)' });
      if (component.index === undefined) problems.push({ field: `${field}.index`, problem: "a button component needs the button's index" });
    }
  });
  const buttonIndexes = components.filter((component) => component.type === 'button').map((component) => component.index);
  problems.push(...duplicates('template.components', buttonIndexes, 'index (of a button)'));
  const parameters = components.flatMap((component) => component.parameters ?? []);
  const named = parameters.filter((parameter) => parameter.parameter_name !== undefined).length;
  const namable = parameters.filter((parameter) => parameter.type !== 'payload' && parameter.type !== 'coupon_code' && parameter.type !== 'action').length;
  if (named > 0 && named < namable) problems.push({ field: 'template.components', problem: 'mix of named and positional parameters: name all of them or none' });
  return problems;
}

function duplicates(field: string, values: Array<string | undefined>, what: string): PayloadProblem[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) {
    if (value === undefined) continue;
    if (seen.has(value)) repeated.add(value);
    seen.add(value);
  }
  return [...repeated].map((value) => ({ field, problem: `${what} "${value}" appears more than once; each must be unique` }));
}
