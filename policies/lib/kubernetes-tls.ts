import { type ComponentFinding, found, fromFiles, notTold } from "./component-findings";
import { type KubeletConfigFlags, type KubeletConfigRead, kubeletSettingsTaken } from "./kubelet-config";
import { anssiGoSuites } from "./tls";
import { list } from "./values";

/**
 * The TLS a Kubernetes component speaks, from its flags (`--tls-min-version`, `--tls-cipher-suites`, Go's names,
 * comma-separated) and, for the kubelet, the settings of its configuration they leave unset. Go's crypto/tls takes the
 * suites for TLS 1.0 to 1.2 alone ("TLS 1.3 ciphersuites are not configurable": crypto/tls, Config.CipherSuites), so a
 * component that speaks TLS 1.3 only offers none of the suites it is given.
 */

/** Whether a component speaks TLS 1.3 only: every copy of its minimum version, or with none its distribution's default, is VersionTLS13. */
const speaksTls13Only = (minVersions: readonly string[], defaultMinVersion: string | undefined): boolean => {
  const versions = minVersions.length > 0 ? minVersions : defaultMinVersion === undefined ? [] : [defaultMinVersion];
  return versions.length > 0 && versions.every((version) => version === "VersionTLS13");
};

/**
 * What is wrong with the TLS a Kubernetes component is given (its minimum versions and its suites, every copy), judged
 * as written, on any node that writes them (an agent runs no API server, but becomes one if it is made a server): a
 * version below TLS 1.2, a suite outside the ANSSI's, unless it speaks TLS 1.3 only (speaksTls13Only, with the
 * distribution's `defaultMinVersion` where its flags set none). Left unset, the component keeps the defaults of its
 * distribution, which the packs leave to a TLS scanner.
 */
export function componentTlsFaults(component: string, minVersions: readonly string[], cipherSuites: readonly string[], defaultMinVersion?: string): string[] {
  const faults: string[] = [];
  const weak = minVersions.filter((version) => ["VersionTLS10", "VersionTLS11"].includes(version));
  if (weak.length > 0) faults.push(`${component} accepts ${weak.join(", ")}: only VersionTLS12 and VersionTLS13 are accepted`);
  if (speaksTls13Only(minVersions, defaultMinVersion)) return faults;
  const refused = cipherSuites
    .flatMap((written) => written.split(","))
    .map((suite) => suite.trim())
    .filter((suite) => suite !== "" && !anssiGoSuites.has(suite));
  if (refused.length > 0) faults.push(`${component} offers ${refused.join(", ")}: only ECDHE with AES-GCM or ChaCha20-Poly1305 is accepted`);
  return faults;
}

/** The kubelet's TLS settings: each one's flag, and its field in a KubeletConfiguration, which the flag wins over. */
const kubeletTlsSettings = [
  { flag: "tls-min-version", field: ["tlsMinVersion"] },
  { flag: "tls-cipher-suites", field: ["tlsCipherSuites"] },
] as const;

/** The flags of a component's TLS, and those that name the kubelet's configuration, which a judgement reads. */
export const tlsFlags: readonly string[] = kubeletTlsSettings.map(({ flag }) => flag);
export const kubeletTlsFlags = [...tlsFlags, "config", "config-dir"];

/** The TLS flags of a component (`args`, every copy), judged (componentTlsFaults). */
export const flagsTls = (component: string, args: ReadonlyMap<string, readonly string[]>, defaultMinVersion?: string): ComponentFinding[] =>
  componentTlsFaults(component, args.get("tls-min-version") ?? [], args.get("tls-cipher-suites") ?? [], defaultMinVersion).map(found);

/** A TLS setting of the kubelet as read: its copies, how a message names the kubelet by where it is set, and whether that is a file. */
type KubeletTlsSetting = { readonly copies: string[]; readonly component: string; readonly inFiles: boolean } | { readonly notTold: ComponentFinding };

/**
 * The kubelet's TLS: each setting from its flags (`given`), else from the sources of its configuration (`configOf`: its
 * configuration file and drop-ins), judged where it is set (componentTlsFaults; `defaultMinVersion` where neither sets
 * its minimum version); not evaluable where the configuration cannot be read.
 */
export function kubeletTls(
  given: ReadonlyMap<string, readonly string[]>,
  configOf: (flags: KubeletConfigFlags) => KubeletConfigRead,
  defaultMinVersion?: string,
): ComponentFinding[] {
  // The kubelet takes the last copy of its minimum version and every copy of its suites (cmd/kubelet/app/options/options.go:
  // StringVar, and StringSliceVar, to which each copy adds).
  const minimumGiven = given.get("tls-min-version");
  const args = minimumGiven === undefined ? given : new Map(given).set("tls-min-version", minimumGiven.slice(-1));
  const read = kubeletSettingsTaken(args, kubeletTlsSettings, configOf);
  if ("notTold" in read)
    return [...flagsTls("the kubelet", args, defaultMinVersion), fromFiles(notTold(`${read.notTold}: what the kubelet accepts cannot be told`))];
  const setting = ({ flag, field: [field] }: (typeof kubeletTlsSettings)[number]): KubeletTlsSetting => {
    const taken = read.taken(flag);
    if ("flagged" in taken) return { copies: [...taken.flagged], component: "the kubelet", inFiles: false };
    if ("unknownIn" in taken)
      return { notTold: fromFiles(notTold(`${field} in ${taken.unknownIn} is known only at apply: what the kubelet accepts cannot be told`)) };
    const { value, named } = taken;
    if (value === undefined) return { copies: [], component: "the kubelet", inFiles: false };
    const copies = flag === "tls-min-version" ? list(value).map(String) : [list(value).map(String).join(",")];
    return { copies, component: `the kubelet (${field} in ${named})`, inFiles: true };
  };
  const minimum = setting(kubeletTlsSettings[0]);
  const suites = setting(kubeletTlsSettings[1]);
  const judged = (each: KubeletTlsSetting, faults: (set: Exclude<KubeletTlsSetting, { notTold: unknown }>) => string[]): ComponentFinding[] =>
    "notTold" in each ? [each.notTold] : faults(each).map((message) => (each.inFiles ? fromFiles(found(message)) : found(message)));
  // TLS 1.3 alone offers none of the suites, wherever the minimum version is set.
  const tls13Only = "copies" in minimum && speaksTls13Only(minimum.copies, defaultMinVersion);
  return [
    ...judged(minimum, ({ component, copies }) => componentTlsFaults(component, copies, [])),
    ...judged(suites, ({ component, copies }) => (tls13Only ? [] : componentTlsFaults(component, [], copies))),
  ];
}
