import { cite, settingsPolicy } from "../../engine/policy";
import { isExpired } from "../../engine/suppressions";

export default settingsPolicy(
  {
    id: "suppression-not-expired",
    title: "Every exception to a policy is still within its approved period",
    description: "Flags suppressions whose expiry date has passed. An expired suppression no longer silences anything.",
    rationale: "Exceptions are approved for a period; once it ends, the risk they accepted must be reviewed again, not carried forward silently.",
    remediation: "Fix the underlying finding and remove the suppression, or have it approved again with a new expiry date.",
    severity: "high",
    references: [cite("secnumcloud-3.2", "5.3", "unverified"), cite("hds-2", "EXI 05", "secondary")],
    enforcementLevel: "mandatory",
    onUnknown: "pass",
  },
  (settings) =>
    settings.suppressions
      .filter((suppression) => isExpired(suppression, settings.today))
      .map((suppression) => ({
        message: `the exception to ${suppression.policy} for ${suppression.resource}, approved by ${suppression.approver}, expired on ${suppression.expires}${suppression.location ? ` (${suppression.location})` : ""}`,
        address: `suppression ${suppression.policy} ${suppression.resource}`,
      })),
);
