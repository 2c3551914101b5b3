export type ApiKeyScope = 'admin' | 'send' | 'read';

/** What the console may offer a key; the gateway refuses the rest anyway (admin includes every scope). */
export interface Capabilities {
  read: boolean;
  send: boolean;
  admin: boolean;
}

export function capabilitiesOf(scopes: readonly string[]): Capabilities {
  const admin = scopes.includes('admin');
  return { admin, send: admin || scopes.includes('send'), read: admin || scopes.includes('read') };
}
