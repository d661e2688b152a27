import { describe, expect, it } from "vitest";
import { languages, readableDate, readableNumber } from "../../transparency/language";

// Intl (ICU) is the reference: the site writes what it would write for fr-FR and en-GB, without loading its locale data.
const locale = { fr: "fr-FR", en: "en-GB" } as const;

describe("dates and numbers as each language writes them", () => {
  it("are the words Intl.DateTimeFormat gives, every day of twelve years", () => {
    for (const lang of languages) {
      const intl = new Intl.DateTimeFormat(locale[lang], { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
      for (let time = Date.UTC(2020, 0, 1); time < Date.UTC(2032, 0, 1); time += 86_400_000) {
        const date = new Date(time).toISOString().slice(0, 10);
        if (readableDate(date, lang) !== intl.format(new Date(time))) expect(readableDate(date, lang), `${lang} ${date}`).toBe(intl.format(new Date(time)));
      }
    }
    expect(readableDate("2028-03-31", "fr")).toBe("31 mars 2028");
    expect(readableDate("2027-08-09", "en")).toBe("9 August 2027");
  });

  it("group thousands as Intl.NumberFormat does", () => {
    for (const lang of languages) {
      const intl = new Intl.NumberFormat(locale[lang]);
      for (const value of [0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 1_250_000, 123_456_789]) expect(readableNumber(value, lang)).toBe(intl.format(value));
    }
    expect(readableNumber(1_250_000, "fr")).toBe("1\u202f250\u202f000");
  });
});
