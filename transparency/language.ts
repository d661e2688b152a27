/** The site's languages, French first: the region's patients read French, researchers abroad English. */
export const languages = ["fr", "en"] as const;

export type Lang = (typeof languages)[number];

export const otherLanguage = (lang: Lang): Lang => (lang === "fr" ? "en" : "fr");

const months: Record<Lang, readonly string[]> = {
  fr: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
  en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
};

/**
 * A date as people read it in each language: 31 mars 2028, 31 March 2028 (what Intl.DateTimeFormat writes for fr-FR
 * and en-GB, day, long month and year). Written here rather than by Intl: the same bytes on every Node build, and no
 * locale data to load for a synthesis.
 */
export function readableDate(date: string, lang: Lang): string {
  const [year, month, day] = date.split("-").map(Number);
  return `${day} ${months[lang][month! - 1]} ${year}`;
}

/** Thousands separators: a narrow no-break space in French, a comma in English (as Intl.NumberFormat writes them). */
const groupSeparator: Record<Lang, string> = { fr: "\u202f", en: "," };

/** A whole number with the language's grouping: 1 250 000, 1,250,000. */
export const readableNumber = (value: number, lang: Lang): string => String(Math.trunc(value)).replace(/\B(?=(\d{3})+$)/g, groupSeparator[lang]);

/** A colon as each language writes it: with a space before it in French. */
export const colon = (lang: Lang): string => (lang === "fr" ? "\u00a0: " : ": ");
