/**
 * The bounds of an airlock request, which its schema sets so that the API server can bound the cost of the rules that
 * walk its lists: a region may require as many approvals as a request holds, never more.
 */
export const airlockLimits = {
  maxObjects: 100,
  maxApprovals: 10,
} as const;
