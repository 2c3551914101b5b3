import { DefaultNamingStrategy, type NamingStrategyInterface } from 'typeorm';

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/**
 * Maps camelCase properties to the snake_case columns of the migrations
 * (`waMessageId` → `wa_message_id`), so entities do not repeat every column
 * name. Tables, constraints and indexes are named explicitly in the entities:
 * the hand-written migration is the source of truth and TypeORM's generated
 * names (hashes) would not match it.
 */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override columnName(propertyName: string, customName: string | undefined, embeddedPrefixes: string[]): string {
    return customName || snakeCase([...embeddedPrefixes, propertyName].join('_'));
  }

  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return snakeCase(`${relationName}_${referencedColumnName}`);
  }
}
