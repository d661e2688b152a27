import { Construct } from "constructs";
import { KeymanagerOrderV1 } from "../../.gen/providers/openstack/keymanager-order-v1/index";

export interface KeyStoreProps {
  readonly namePrefix: string;
  /** One key per purpose (SecNumCloud 10.5, CNIL EDS: several keys); the purposes name the keys. */
  readonly purposes: readonly string[];
}

/**
 * Symmetric keys generated inside Barbican by orders: the key material is created and kept server side; the state holds
 * only a reference to it (SecNumCloud 10.5.c). Each order is protected from destruction: its `meta` forces a new order
 * when it changes (terraform-provider-openstack v3.4.0, resource_openstack_keymanager_order_v1.go), and a new order is a
 * new key, so a rename must fail at plan rather than silently replace the pseudonymisation master key.
 *
 * An order sets no ACL (the provider has none for orders), and Barbican lets every member of the project read and
 * delete a key without one: the platform's checklist (SECRETS.md) makes the key private to the user of the service
 * that reads it.
 */
export class KeyStore extends Construct {
  readonly orders: Readonly<Record<string, KeymanagerOrderV1>>;

  constructor(scope: Construct, id: string, props: KeyStoreProps) {
    super(scope, id);
    this.orders = Object.fromEntries(
      props.purposes.map((purpose) => [
        purpose,
        new KeymanagerOrderV1(this, `Key-${purpose}`, {
          type: "key",
          meta: { name: `${props.namePrefix}-${purpose}`, algorithm: "aes", bitLength: 256, mode: "cbc" },
          lifecycle: { preventDestroy: true },
        }),
      ]),
    );
  }

  /** Barbican reference of a key (a URL, not the key). */
  secretRef(purpose: string): string {
    const order = this.orders[purpose];
    if (!order) throw new Error(`${this.node.path}: no key for purpose ${purpose}; known purposes: ${Object.keys(this.orders).join(", ")}`);
    return order.secretRef;
  }
}
