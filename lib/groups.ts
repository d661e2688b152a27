/** Adds `item` to the list of `key` in `groups`, in place: copying the list at each addition is quadratic in its length. */
export function addToGroup<K, T>(groups: Map<K, T[]>, key: K, item: T): void {
  const group = groups.get(key);
  if (group) group.push(item);
  else groups.set(key, [item]);
}
