// A set of SDK clients built on first use. Loading and configuring an SDK client package costs tens
// of milliseconds each (hundreds under jest, per test file), and most commands and tests use two or
// three of the nine services: `check` on one step, a test of one service. With the build's lazy
// package imports (swc `lazy: true`), a client never touched is never even loaded.

const BUILT = Symbol('labwright.builtClients');

type Factories<T> = { [K in keyof T]: () => T[K] };

/** An object whose properties build their client on first read (once); enumerable, so spreading builds all. */
export function lazyClients<T extends object>(factories: Factories<T>): T {
  const built = new Map<keyof T, T[keyof T]>();
  const set = {} as T;
  for (const key of Object.keys(factories) as Array<keyof T>) {
    Object.defineProperty(set, key, {
      enumerable: true,
      get() {
        if (!built.has(key)) built.set(key, factories[key]());
        return built.get(key);
      },
    });
  }
  Object.defineProperty(set, BUILT, { value: () => [...built.values()] });
  return set;
}

/** The clients of a set that were built so far (every value, for a plain object). */
export function builtClients<T extends object>(set: T): Array<T[keyof T]> {
  const built = (set as { [BUILT]?: () => Array<T[keyof T]> })[BUILT];
  return built ? built() : (Object.values(set) as Array<T[keyof T]>);
}
