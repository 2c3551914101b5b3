const STORAGE_KEY = 'wabus.console.apiKey';

/**
 * The API key lives in sessionStorage only: it is gone when the tab closes,
 * and other tabs and later visits must log in again.
 */
export const apiKeySession = {
  read: (): string | null => sessionStorage.getItem(STORAGE_KEY),
  save: (key: string): void => sessionStorage.setItem(STORAGE_KEY, key),
  clear: (): void => sessionStorage.removeItem(STORAGE_KEY),
};
