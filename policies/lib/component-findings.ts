/**
 * A finding of a judgement of a Kubernetes component's flags and configuration (who it lets through, what TLS it
 * speaks): what is wrong, or what cannot be told here (`evaluable` false); `inFiles` where it comes from the files that
 * configure the component rather than its flags, so that a policy can point it there.
 */
export interface ComponentFinding {
  readonly message: string;
  readonly evaluable: boolean;
  readonly inFiles?: true;
}

export const found = (message: string): ComponentFinding => ({ message, evaluable: true });
export const notTold = (message: string): ComponentFinding => ({ message, evaluable: false });
export const fromFiles = (finding: ComponentFinding): ComponentFinding => ({ ...finding, inFiles: true });
