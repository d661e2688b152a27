import type { TfResource, ValueOrigin } from "./model";
import { isUnderPath } from "../lib/values";

/**
 * Where the value a finding is about is set, when its argument is written as one variable (TfResource.valuesFrom): the
 * argument at the finding's path or that holds it (`data = var.data` for `data.password`), or the one element of the
 * list at the path (`values = [var.values]` for `values`). A block holding a variable's value elsewhere is not one.
 */
export function originOf(
  place: Pick<TfResource, "valuesFrom"> & { readonly values?: TfResource["values"] },
  path: string | undefined,
): ValueOrigin | undefined {
  const { valuesFrom } = place;
  if (!valuesFrom || path === undefined) return undefined;
  const listOfOne = Array.isArray(place.values?.[path]) && (place.values[path] as unknown[]).length === 1;
  const exact = valuesFrom.get(path) ?? (listOfOne ? valuesFrom.get(`${path}[0]`) : undefined);
  if (exact !== undefined) return exact;
  for (const [argument, origin] of valuesFrom) if (isUnderPath(path, argument)) return origin;
  return undefined;
}
