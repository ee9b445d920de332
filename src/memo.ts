/**
 * Wraps a function of a string in a bounded memo: the first `maxEntries` keys' results are kept, and
 * past that the oldest key is dropped first. News repeats its words and its passages, so a modest
 * memo spares most calls. `maxEntries` 0 keeps nothing.
 */
export function memoize<V>(fn: (key: string) => V, maxEntries: number): (key: string) => V {
  if (maxEntries <= 0) return fn;
  const cache = new Map<string, V>();
  return (key) => {
    if (cache.has(key)) return cache.get(key) as V;
    const value = fn(key);
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
    cache.set(key, value);
    return value;
  };
}
