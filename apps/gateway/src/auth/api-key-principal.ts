import type { ApiKeyScope } from '@wabus/persistence';

/** Who is calling: the API key's id, what it may do, and which channels it may touch. */
export interface ApiKeyPrincipal {
  keyId: string;
  name: string;
  scopes: ApiKeyScope[];
  /** null: every channel. */
  channelIds: string[] | null;
}

/** `admin` may do everything; otherwise the scope must be granted. */
export function hasScope(principal: ApiKeyPrincipal, scope: ApiKeyScope): boolean {
  return principal.scopes.includes('admin') || principal.scopes.includes(scope);
}

export function mayUseChannel(principal: ApiKeyPrincipal, channelId: string): boolean {
  return principal.channelIds === null || principal.channelIds.includes(channelId);
}
