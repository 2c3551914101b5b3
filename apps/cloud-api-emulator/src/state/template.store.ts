import { TemplateDefinition } from '../validation/template-definition';

/** The templates of every WABA, in the order they were added (the order listings page through). */
export class TemplateStore {
  private readonly byWaba = new Map<string, TemplateDefinition[]>();

  list(wabaId: string): TemplateDefinition[] {
    return this.byWaba.get(wabaId) ?? [];
  }

  find(wabaId: string, name: string, language: string): TemplateDefinition | undefined {
    return this.list(wabaId).find((template) => template.name === name && template.language === language);
  }

  findById(id: string): { wabaId: string; template: TemplateDefinition } | undefined {
    for (const [wabaId, templates] of this.byWaba) {
      const template = templates.find((candidate) => candidate.id === id);
      if (template) return { wabaId, template };
    }
    return undefined;
  }

  /** Adds the template, or replaces the one with the same name and language (keeping its id). */
  upsert(wabaId: string, template: TemplateDefinition): { template: TemplateDefinition; previous?: TemplateDefinition } {
    const templates = this.byWaba.get(wabaId) ?? [];
    this.byWaba.set(wabaId, templates);
    const index = templates.findIndex((candidate) => candidate.name === template.name && candidate.language === template.language);
    if (index < 0) {
      templates.push(template);
      return { template };
    }
    const previous = templates[index];
    const replaced = { ...template, id: previous.id };
    templates[index] = replaced;
    return { template: replaced, previous };
  }

  remove(wabaId: string, predicate: (template: TemplateDefinition) => boolean): TemplateDefinition[] {
    const templates = this.list(wabaId);
    const removed = templates.filter(predicate);
    if (removed.length > 0)
      this.byWaba.set(
        wabaId,
        templates.filter((template) => !predicate(template)),
      );
    return removed;
  }

  clear(): void {
    this.byWaba.clear();
  }
}
