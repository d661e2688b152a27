/** The site's languages, French first: the region's patients read French, researchers abroad English. */
export const languages = ["fr", "en"] as const;

export type Lang = (typeof languages)[number];

export const otherLanguage = (lang: Lang): Lang => (lang === "fr" ? "en" : "fr");

const locales: Record<Lang, string> = { fr: "fr-FR", en: "en-GB" };

/** One formatter per language, made on first use: making one costs a thousand times formatting with it. */
function perLanguage<F>(make: (locale: string) => F): (lang: Lang) => F {
  const made = new Map<Lang, F>();
  return (lang) => {
    if (!made.has(lang)) made.set(lang, make(locales[lang]));
    return made.get(lang)!;
  };
}

const dateFormat = perLanguage((locale) => new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }));
const numberFormat = perLanguage((locale) => new Intl.NumberFormat(locale));

/** A date as people read it in each language: 31 mars 2028, 31 March 2028 (UTC, so the same bytes everywhere). */
export function readableDate(date: string, lang: Lang): string {
  return dateFormat(lang).format(new Date(`${date}T00:00:00Z`));
}

/** A whole number with the language's grouping: 1 250 000, 1,250,000. */
export const readableNumber = (value: number, lang: Lang): string => numberFormat(lang).format(value);

/** A colon as each language writes it: with a space before it in French. */
export const colon = (lang: Lang): string => (lang === "fr" ? "\u00a0: " : ": ");
