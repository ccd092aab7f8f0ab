/**
 * Web storage that never throws: storage can be disabled, full, or refused in a sandboxed frame, and a
 * widget must keep working (it then simply remembers nothing).
 */
export type StorageKind = 'local' | 'session';

function area(kind: StorageKind): Storage | undefined {
  try {
    return kind === 'local' ? window.localStorage : window.sessionStorage;
  } catch {
    return undefined;
  }
}

/**
 * Every key the kit writes starts with `civique:<tenant>:`, so one tenant's widgets never read another's and
 * sign-out can find everything to erase.
 *
 * @example
 * storageKey('montjoli', 'draft', 'account', 'profile'); // 'civique:montjoli:draft:account:profile'
 */
export const storageKey = (tenant: string, ...parts: string[]): string => ['civique', tenant, ...parts].join(':');

export function readItem(kind: StorageKind, key: string): string | null {
  try {
    return area(kind)?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export function writeItem(kind: StorageKind, key: string, value: string): boolean {
  try {
    const storage = area(kind);
    storage?.setItem(key, value);
    return storage !== undefined;
  } catch {
    return false;
  }
}

export function removeItem(kind: StorageKind, key: string): void {
  try {
    area(kind)?.removeItem(key);
  } catch {
    // Nothing stored, nothing to remove.
  }
}

/** Removes every key starting with `prefix` from both local and session storage. */
export function removeByPrefix(prefix: string): void {
  for (const kind of ['local', 'session'] as const) {
    const storage = area(kind);
    if (!storage) continue;
    try {
      const keys: string[] = [];
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (key?.startsWith(prefix)) keys.push(key);
      }
      for (const key of keys) storage.removeItem(key);
    } catch {
      // Storage refused: there is nothing of ours in it.
    }
  }
}
