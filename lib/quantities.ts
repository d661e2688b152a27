/** Kubernetes quantities (k8s.io/apimachinery resource.Quantity) as numbers: CPU in millicores, memory in bytes. */
const binary: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const decimal: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** A quantity in its base unit (cores, bytes); undefined when it is not a literal quantity. */
export function quantity(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value !== "string") return undefined;
  const match = /^([0-9]+(?:\.[0-9]+)?)([a-zA-Z]{0,2})$/.exec(value.trim());
  if (!match) return undefined;
  const [, number, suffix] = match;
  const factor = binary[suffix!] ?? decimal[suffix!];
  return factor === undefined ? undefined : Number(number) * factor;
}

/** A literal CPU quantity in millicores ("100m" → 100, "4" → 4000), as quotas are written from the pods' figures. */
export const millicores = (cpu: string): number => Math.round(quantity(cpu)! * 1000);
/** A literal memory quantity in MiB ("128Mi" → 128, "8Gi" → 8192). */
export const mebibytes = (memory: string): number => quantity(memory)! / 2 ** 20;
