import { cite, configurationPolicy, type Violation } from "../../engine/policy";
import { providerAddress, type TfResource } from "../../engine/model";
import { turnsOffAnsibleHostKeyChecking, uncheckedServerIn } from "../../lib/command-line";
import { block, isMap, isUnknown, isUnset, list, literalBool, literalString, provisionersOf, referencesRead, walk } from "../../lib/values";

/**
 * Arguments that turn off the verification of the server's certificate, by name at any depth of a provider block:
 * the OpenStack provider's `insecure` (terraform-provider-openstack provider.go: OS_INSECURE, the client's
 * InsecureSkipVerify), the Kubernetes provider's and the Helm provider's `kubernetes` block's `insecure`
 * (terraform-provider-kubernetes provider.go: "accessed without verifying the TLS certificate"), and the names other
 * providers give it (Vault's skip_tls_verify, Keycloak's tls_insecure_skip_verify).
 */
const skipsVerification = /^(?:insecure|insecure_skip_verify|insecure_skip_tls_verify|tls_insecure_skip_verify|skip_tls_verify|tls_skip_verify)$/;

/**
 * Arguments that name where a client sends its requests (the OpenStack provider's auth_url, the Kubernetes provider's
 * host, Vault's address, an S3 backend's endpoints), read for a plain `http://` URL: the requests, credentials
 * included, then travel in clear. A loopback address never leaves the machine (kubectl proxy); an HTTP proxy's URL
 * (the Kubernetes provider's proxy_url) carries TLS through a CONNECT tunnel, in clear to no one.
 */
const namesAnEndpoint = /^(?!.*proxy).*(?:^|_)(?:url|host|endpoint|address|s3)$/;
const plainHttp = /^http:\/\/(?!(?:localhost|127\.\d+\.\d+\.\d+|\[::1\])(?:[:/]|$))/i;

/**
 * The state backends' own arguments that turn the verification off (developer.hashicorp.com/terraform/language/backend:
 * s3's insecure, http's skip_cert_verification).
 */
const backendSkipsVerification = /^(?:insecure|skip_cert_verification)$/;

/**
 * What a block's arguments say of TLS: each verification turned off, each plain HTTP endpoint, each switch not known
 * here; at their paths below `within` where the block is an argument of the resource (a remote state's `config`).
 * `reads` for a data source whose answer the configuration uses: what a forger answers in its place.
 */
function tlsFindings(values: Readonly<Record<string, unknown>>, skips: RegExp, what: string, address: string, within = "", reads = false): Violation[] {
  const found: Violation[] = [];
  walk(values, (value, key, written) => {
    if (typeof key !== "string") return true;
    const path = () => `${within}${written()}`;
    if (skips.test(key)) {
      if (literalBool(value) === true)
        found.push({
          message: `${what} ${written()} is true: it does not verify the server's certificate, so anyone on the way can pose as ${reads ? "the server and choose what the configuration reads" : "the API"}`,
          address,
          path: path(),
        });
      else if (isUnknown(value))
        found.push({
          message: `${what} ${written()} is not known here: whether it verifies the server's certificate cannot be judged`,
          address,
          path: path(),
          outcome: "cannot-evaluate",
        });
      return false;
    }
    const url = literalString(value);
    if (url !== undefined && namesAnEndpoint.test(key) && plainHttp.test(url))
      found.push({
        message: reads
          ? `${what} ${written()} is ${url}: its answer travels in clear, and anyone on the way can change what the configuration reads`
          : `${what} ${written()} is ${url}: its requests, credentials included, travel in clear`,
        address,
        path: path(),
      });
    return typeof value === "object";
  });
  return found;
}

/**
 * Whether a value not known here reads resources, data sources or modules alone, with no condition that may choose
 * null (`${element(values(module.masters.access_ips), 0)}`): not a variable, a local, `self` or an iterator.
 */
const readsResourcesAlone = (text: string): boolean =>
  !text.includes("?") && (referencesRead(text)?.every((reference) => !/^(?:var|local|self|each|count|path|terraform)\./.test(reference)) ?? false);

/**
 * What each provisioner of a resource runs that does not check the server it connects to: a shell command (local-exec's
 * command, run on the deployer's machine with its credentials; remote-exec's inline, run on the instance) that turns
 * the check off (uncheckedServerIn), read as written; and the SSH connection of a provisioner that connects (remote-exec,
 * file) that names no host_key, or whose bastion_host names no bastion_host_key: Terraform then accepts any host key
 * (opentofu internal/communicator/ssh/provisioner.go, buildSSHClientConfig: InsecureIgnoreHostKey); and its WinRM
 * connection that speaks plain HTTP or takes any certificate.
 */
function provisionerFindings(resource: TfResource): Violation[] {
  const found: Violation[] = [];
  const address = resource.address;
  const connections = new Map<string, { connection: Record<string, unknown>; users: string[] }>();
  for (const { type, path: at, body } of provisionersOf(resource.values)) {
    for (const [key, written] of [
      ["command", body.command],
      [
        "inline",
        list(body.inline)
          .filter((line) => typeof line === "string")
          .join("\n"),
      ],
    ] as const) {
      const unchecked = typeof written === "string" ? uncheckedServerIn(written) : undefined;
      if (unchecked) found.push({ message: `the ${type} provisioner's ${key} runs ${unchecked}`, address, path: `${at}.${key}` });
    }
    // local-exec's environment is the command's: Ansible reads ANSIBLE_HOST_KEY_CHECKING there as well.
    const ansible = block(body.environment)?.ANSIBLE_HOST_KEY_CHECKING;
    if (typeof ansible === "string" && turnsOffAnsibleHostKeyChecking(ansible))
      found.push({
        message: `the ${type} provisioner's environment sets ANSIBLE_HOST_KEY_CHECKING to ${ansible}: Ansible's SSH accepts any host key`,
        address,
        path: `${at}.environment.ANSIBLE_HOST_KEY_CHECKING`,
      });
    if (type !== "remote-exec" && type !== "file") continue;
    const own = block(body.connection);
    const connection = own ?? block(resource.values.connection);
    if (!connection) continue;
    const path = own ? `${at}.connection[0]` : "connection[0]";
    const users = connections.get(path)?.users ?? [];
    if (!users.includes(type)) users.push(type);
    connections.set(path, { connection, users });
  }
  for (const [path, { connection, users }] of connections) {
    const of = `connection of the ${users.join(" and ")} ${users.length > 1 ? "provisioners" : "provisioner"}`;
    const type = literalString(connection.type) ?? "ssh";
    if (type === "ssh")
      for (const [host, key] of [
        ["host", "host_key"],
        ["bastion_host", "bastion_host_key"],
      ] as const)
        if (!isUnset(connection[host]) && isUnset(connection[key]))
          found.push(
            // A bastion_host a variable or a condition leaves not known here may be none (null or empty:
            // internal/communicator/ssh, a bastion only where it is not empty); one read from resources alone (a floating
            // IP's address, a module's instance addresses), like a host not known here, is a host all the same.
            host === "bastion_host" && isUnknown(connection[host]) && !readsResourcesAlone(String(connection[host]))
              ? { message: `whether the SSH ${of} goes through a bastion is not known here`, address, path: `${path}.${host}`, outcome: "cannot-evaluate" }
              : {
                  message: `the SSH ${of} names no ${key}: Terraform accepts any key from its ${host}, so anyone on the way can pose as it`,
                  address,
                  path: `${path}.${key}`,
                },
          );
    // WinRM speaks HTTP unless https is true, and takes any certificate where insecure is true (Terraform's connection
    // block: https, insecure; the password goes with each request).
    if (type !== "winrm") continue;
    if (isUnknown(connection.https))
      found.push({ message: `whether the WinRM ${of} uses HTTPS is not known here`, address, path: `${path}.https`, outcome: "cannot-evaluate" });
    else if (literalBool(connection.https) !== true)
      found.push({
        message: `the WinRM ${of} speaks plain HTTP (https is not true): its password and commands cross the network readable`,
        address,
        path: `${path}.https`,
      });
    else if (literalBool(connection.insecure) === true)
      found.push({
        message: `the WinRM ${of} sets insecure: it takes any certificate, so anyone on the way can pose as the host`,
        address,
        path: `${path}.insecure`,
      });
  }
  return found;
}

export default configurationPolicy(
  {
    id: "clients-verify-tls",
    title: "Providers, the state backend and provisioners check the servers they call",
    description:
      "Flags a provider block (OpenStack, Kubernetes, Helm's kubernetes block, any other) that turns off the verification of the server's certificate (insecure, skip_tls_verify, tls_insecure_skip_verify and the like, at any depth), or that names its endpoint with a plain http:// URL (auth_url, host, address, endpoint; a loopback address aside); and the same of the state backend and of a terraform_remote_state's (s3's insecure and its endpoints, http's skip_cert_verification and address), and of an http data source (its url, its insecure), whose answer the configuration uses; and a provisioner whose command turns the check off (curl -k, wget --no-check-certificate, --insecure-skip-tls-verify, ssh's StrictHostKeyChecking=no, Ansible's ANSIBLE_HOST_KEY_CHECKING=False in the command or local-exec's environment), read as written, or whose SSH connection names no host_key (Terraform then accepts any host key) or a bastion_host and no bastion_host_key, or whose WinRM connection speaks plain HTTP or sets insecure. A switch not known here is not evaluable, and so is a bastion_host not known here (it may be none).",
    rationale:
      "Terraform calls the cloud's and the cluster's APIs with administrator credentials, and the backend carries the state, which holds every secret of the deployment: without a verified certificate anyone on the path can pose as the API and read both; over plain HTTP anyone on it can. A provisioner runs commands with the deployer's credentials, or on the instance as root: against a server it does not check, it hands them to whoever poses as it, or runs what that one serves.",
    remediation:
      "Remove insecure (or set it to false) and give the API's certificate authority instead (the OpenStack provider's cacert_file, the Kubernetes provider's cluster_ca_certificate); use https:// endpoints; give a provisioner's connection the instance's host_key (or its CA's), and its commands the certificate authority rather than -k.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "9.6.h"), cite("secnumcloud-3.2", "10.2.a")],
    enforcementLevel: "mandatory",
    onUnknown: "cannot-evaluate",
  },
  (configuration) => {
    const { backend } = configuration;
    return [
      ...configuration.providers.flatMap((provider) =>
        tlsFindings(provider.values, skipsVerification, `the ${provider.name} provider's`, providerAddress(provider)),
      ),
      ...(backend && backend !== "unknown"
        ? tlsFindings(backend.values, backendSkipsVerification, `the ${backend.type} backend's`, `terraform.backend.${backend.type}`)
        : []),
      // A terraform_remote_state data source reads another state with a backend's settings.
      ...configuration.resources
        .filter((resource) => resource.mode === "data" && resource.type === "terraform_remote_state")
        .flatMap((state) =>
          tlsFindings(
            isMap(state.values.config) ? state.values.config : {},
            backendSkipsVerification,
            `the ${literalString(state.values.backend) ?? "remote state's"} backend's`,
            state.address,
            "config.",
          ),
        ),
      // The http provider's data source fetches its url at plan; what it reads sets arguments (an address let in).
      ...configuration.resources
        .filter((resource) => resource.mode === "data" && resource.type === "http")
        .flatMap((read) =>
          tlsFindings({ url: read.values.url, insecure: read.values.insecure }, /^insecure$/, "the http data source's", read.address, "", true),
        ),
      ...configuration.resources.flatMap(provisionerFindings),
    ];
  },
);
