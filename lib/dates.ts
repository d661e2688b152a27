/** Today's date (UTC), YYYY-MM-DD: validity dates are checked against it. */
export const today = (): string => new Date().toISOString().slice(0, 10);

/** The day `days` after a YYYY-MM-DD date (before it when negative), YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}
