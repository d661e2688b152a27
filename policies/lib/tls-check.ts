import { isUnknown, writtenNotKnown } from "./values";

/**
 * The setting of a client that turns off the verification of its server's TLS certificate, and where it is written;
 * `notKnown` where its value is not known here (as written, for the engine to say what it waits on; "" where it reads
 * nothing Terraform knows).
 */
export interface UnverifiedTls {
  readonly setting: string;
  readonly path: string;
  readonly notKnown?: string;
}

/**
 * A destination's unverifiedTls from the setting that turns the check off (`setting`, said `offSaid` when off), as its
 * tool reads it (`isOff`): off, not known here (`notKnown`: known only at apply, by default), or neither (none).
 */
export const tlsCheck = (
  value: unknown,
  isOff: (value: unknown) => boolean,
  { setting, path, offSaid = setting }: { readonly setting: string; readonly path: string; readonly offSaid?: string },
  notKnown: (value: unknown) => boolean = isUnknown,
): { unverifiedTls?: UnverifiedTls } =>
  notKnown(value)
    ? { unverifiedTls: { setting, path, notKnown: writtenNotKnown(value) ?? "" } }
    : isOff(value)
      ? { unverifiedTls: { setting: offSaid, path } }
      : {};
