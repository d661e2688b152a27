/** The site's languages, French first: the region's patients read French, researchers abroad English. */
export const languages = ["fr", "en"] as const;

export type Lang = (typeof languages)[number];

export const otherLanguage = (lang: Lang): Lang => (lang === "fr" ? "en" : "fr");

/** A date as people read it in each language: 31 mars 2028, 31 March 2028 (UTC, so the same bytes everywhere). */
export function readableDate(date: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === "fr" ? "fr-FR" : "en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** A whole number with the language's grouping: 1 250 000, 1,250,000. */
export const readableNumber = (value: number, lang: Lang): string => new Intl.NumberFormat(lang === "fr" ? "fr-FR" : "en-GB").format(value);

/** A colon as each language writes it: with a space before it in French. */
export const colon = (lang: Lang): string => (lang === "fr" ? "\u00a0: " : ": ");
