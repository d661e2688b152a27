/** Today's date (UTC), YYYY-MM-DD: validity dates are checked against it. */
export const today = (): string => new Date().toISOString().slice(0, 10);
