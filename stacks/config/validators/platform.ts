import type { ConfigIssue } from "../issues";
import type { EnvironmentValidator } from "./context";

const hostOf = (image: string): string => image.split("/")[0]!;

/** The platform needs its services declared, images from the region's registry, and coherent project dates. */
export const validatePlatform: EnvironmentValidator = ({ env, source }) => {
  const issues: ConfigIssue[] = [];
  const needsPlatform = (["pseudonymisation", "airlock"] as const).filter((key) => env[key] !== undefined);
  if (!env.platform) {
    for (const key of needsPlatform) issues.push(source.issueAt([key], `${key} needs the platform section (the Kubernetes layer it runs on)`, { onKey: true }));
    if (env.projects.length > 0) issues.push(source.issueAt(["projects"], "projects need the platform section (their workspaces run on it)", { onKey: true }));
    return issues;
  }
  const required: [string[], unknown, string][] = [
    [["registry"], env.registry, "the region's container registry (registry.host)"],
    [["pseudonymisation"], env.pseudonymisation, "the pseudonymisation service (pseudonymisation.image)"],
    [["airlock"], env.airlock, "the airlock (airlock.image, airlock.reviewersGroup)"],
    [["logging", "store"], env.logging.store, "the central log store (logging.store.host, cidr, shipperImage)"],
  ];
  for (const [path, value, what] of required) {
    if (value === undefined) issues.push(source.issueAt(path.slice(0, -1).length ? path.slice(0, -1) : [], `${path.join(".")} is required with platform: declare ${what}`));
  }
  if (!env.provider.services.barbican) issues.push(source.issueAt(["provider", "services", "barbican"], "the platform needs Barbican: the pseudonymisation key is generated and kept there"));
  const registry = env.registry?.host;
  const images: [(string | number)[], string | undefined][] = [
    [["pseudonymisation", "image"], env.pseudonymisation?.image],
    [["airlock", "image"], env.airlock?.image],
    [["logging", "store", "shipperImage"], env.logging.store?.shipperImage],
    ...env.projects.flatMap((project, i) => project.tools.map((tool, j): [(string | number)[], string] => [["projects", i, "tools", j, "image"], tool.image])),
  ];
  for (const [path, image] of images) {
    if (registry && image && hostOf(image) !== registry) issues.push(source.issueAt(path, `the image comes from ${hostOf(image)}; images must come from the region's registry ${registry}`));
  }
  env.projects.forEach((project, i) => {
    if (project.expiry <= project.start) issues.push(source.issueAt(["projects", i, "expiry"], `the authorization ends (${project.expiry}) before it starts (${project.start})`));
    if (env.projects.findIndex((other) => other.id === project.id) !== i) issues.push(source.issueAt(["projects", i, "id"], `project "${project.id}" is declared twice`));
  });
  return issues;
};
