import { z } from "zod";
import { isoDate } from "./common";

/**
 * An approved, expiring exception to one policy. All fields are required: an exception without its reason, approver
 * or expiry date is refused. An expired exception no longer applies and is itself reported as a violation.
 */
export const suppression = z.strictObject({
  policy: z.string().regex(/^[a-z0-9-]+$/, { error: "expected a policy id such as secgroup-no-public-https (see eds policies)" }),
  resource: z.string().min(1).default("*").meta({ description: "Resource address or glob (* and ?) the exception covers. @default \"*\" - every resource" }),
  reason: z.string().min(20, { error: "expected a reason of at least 20 characters that an auditor can check" }),
  approver: z.string().min(3, { error: "expected the name or role of who approved the exception" }),
  expires: isoDate.meta({ description: "Last day the exception applies." }),
});

export const suppressions = z.array(suppression).default([]).meta({ description: "Approved exceptions to policies, each with reason, approver and expiry." });
