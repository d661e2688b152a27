import type { TfResource } from "./model";
import { attributePath, holdsUnknownTemplate, isUnknownValue } from "../lib/values";

/** Whether any value of the resource is unknown: only those resources are read through a recording proxy. */
export const hasUnknownValue = (resource: TfResource): boolean => holdsUnknownTemplate(resource.values);

/** An unknown value a policy read: where, and the expression that stands for it. */
export interface UnknownRead {
  readonly path: string;
  readonly expression: string;
}

/**
 * The resource with values that record every unknown value read through them into `reads`. The engine applies the
 * policy's `onUnknown` when a policy that read one found nothing: without it, an unknown compared to a literal would
 * pass silently, whatever the policy.
 */
export function recordingUnknownReads(resource: TfResource, reads: UnknownRead[]): TfResource {
  const wrap = (target: object, path: string): object =>
    new Proxy(target, {
      get(object, key, receiver) {
        const value = Reflect.get(object, key, receiver) as unknown;
        if (typeof key === "symbol" || key === "length" || !Object.hasOwn(object, key)) return value;
        const at = Array.isArray(object) ? attributePath(path, Number(key)) : attributePath(path, key);
        if (isUnknownValue(value)) reads.push({ path: at, expression: value });
        return value !== null && typeof value === "object" ? wrap(value, at) : value;
      },
    });
  return { ...resource, values: wrap(resource.values, "") as TfResource["values"] };
}
