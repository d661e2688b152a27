import { escapeHtml as esc } from "../../lib/html";
import type { Lang } from "../language";
import { layout, type Page, phrase, prose, sitePaths } from "../layout";
import { healthDataCondition, labels, lawfulBasis, type Phrase } from "../words";
import type { PublishedRegion } from "../published";
import { datasetsList, facts, projectsTable } from "./common";

/** How long the copies an objection does not reach are kept, when the region publishes it (GDPR Art. 14(2)(a)). */
const kept: Record<Lang, (region: PublishedRegion) => { archive: string; backups: string }> = {
  fr: (region) => ({
    archive: region.platform ? ` ${region.platform.dataTier.archiveDays} jours` : " un temps",
    backups: region.storage ? ` (gardées ${region.storage.backups.retentionDays} jours)` : "",
  }),
  en: (region) => ({
    archive: region.platform ? ` for ${region.platform.dataTier.archiveDays} days` : " for a time",
    backups: region.storage ? ` (kept ${region.storage.backups.retentionDays} days)` : "",
  }),
};

const rightsText: Record<Lang, (region: PublishedRegion) => { opening: Phrase; how: Phrase; effect: Phrase; more: Phrase }> = {
  fr: (region) => ({
    opening: [
      "Vous pouvez refuser que vos données servent à la recherche. Ce ",
      { term: "objection" },
      " s'exerce à tout moment, sans avoir à vous justifier, et ne change rien à vos soins.",
    ],
    how: [
      "Pour vous opposer, écrivez au ",
      { term: "dpo" },
      ` de ${region.transparency.controller}, en indiquant vos nom, prénoms et date de naissance pour que l'on vous retrouve :`,
    ],
    effect: [
      `Dans les ${region.transparency.objection.effectiveWithinDays} jours, vous êtes inscrit sur la liste des personnes opposées que lit le service de `,
      { term: "pseudonymisation" },
      ` avant chaque chargement : vos données ne reçoivent plus de code et n'entrent plus dans l'entrepôt. Dès la nuit suivante, aucun projet en cours n'en garde de copie : la copie de chaque projet en cours est refaite chaque nuit sans les personnes opposées. Les copies des projets terminés, gardées fermées${kept.fr(region).archive} après la fin de leur autorisation, ce que les chercheurs en ont déjà tiré et les sauvegardes de l'entrepôt${kept.fr(region).backups} ne sont pas modifiés : ils sont effacés au terme de leur durée de conservation. Les résultats déjà publiés, qui ne permettent de reconnaître personne, ne changent pas.`,
    ],
    more: [
      "Vous pouvez aussi, à la même adresse, demander à voir les données qui vous concernent, à les faire corriger ou effacer, ou à en faire limiter l'usage ; la réponse vous parvient dans un délai d'un mois. Vous pouvez à tout moment adresser une réclamation à la ",
      { term: "cnil" },
      ".",
    ],
  }),
  en: (region) => ({
    opening: [
      "You can refuse that your data be used for research. This ",
      { term: "objection" },
      " can be used at any time, without giving a reason, and changes nothing in your care.",
    ],
    how: ["To object, write to the ", { term: "dpo" }, ` of ${region.transparency.controller}, with your names and date of birth so that you can be found:`],
    effect: [
      `Within ${region.transparency.objection.effectiveWithinDays} days, you are added to the list of people who objected, which the `,
      { term: "pseudonymisation" },
      ` service reads before every load: your data no longer gets a code and no longer enters the warehouse. From the following night, no running project keeps a copy of it: each running project's copy is made again every night without the people who objected. The copies of finished projects, kept closed${kept.en(region).archive} after their authorization ends, what researchers already derived from them, and the warehouse's backups${kept.en(region).backups} are not changed: they are erased at the end of their retention period. Results already published, from which nobody can be recognised, do not change.`,
    ],
    more: [
      "You can also, at the same address, ask to see the data about you, to have it corrected or erased, or to have its use restricted; the answer reaches you within a month. You can complain at any time to the ",
      { term: "cnil" },
      ".",
    ],
  }),
};

/**
 * How a patient of the region objects, in plain language: whom to write to and how, what happens then (the opt-out list
 * the pseudonymisation service reads), and the other rights. On the region's page, with the id #rights.
 */
export function rightsSection(page: Page, region: PublishedRegion): string {
  const words = labels[page.lang];
  const text = rightsText[page.lang](region);
  const { contact, objection } = region.transparency;
  const channels = facts([
    [words.email, `<a href="mailto:${esc(contact.email)}">${esc(contact.email)}</a>`],
    [words.letter, esc(contact.postalAddress)],
    [words.phone, contact.phone && esc(contact.phone)],
    [words.form, objection.webForm && `<a href="${esc(objection.webForm)}">${esc(objection.webForm)}</a>`],
  ]);
  return `<section class="rights" id="rights" aria-labelledby="rights-title"><h2 id="rights-title">${esc(words.objectTitle)}</h2><p>${phrase(page, text.opening)}</p><p>${phrase(page, text.how)}</p>${channels}<p>${phrase(page, text.effect)}</p><p>${phrase(page, text.more)}</p></section>`;
}

/** Why the controller may use the data, and who receives it (GDPR Art. 14(1)(c), (e)), in plain language. */
function basisAndRecipients(page: Page, region: PublishedRegion): string {
  const words = labels[page.lang];
  const { controller, lawfulBasis: basis, recipients } = region.transparency;
  const because: Phrase =
    page.lang === "fr"
      ? [
          `${controller} utilise ces données pour `,
          ...lawfulBasis.fr[basis.article6],
          `. Les données de santé le sont au titre de ${healthDataCondition.fr[basis.healthData]}.`,
        ]
      : [`${controller} uses this data for `, ...lawfulBasis.en[basis.article6], `. Health data is used under ${healthDataCondition.en[basis.healthData]}.`];
  return [
    `<h2>${esc(words.whyUsed)}</h2><p>${phrase(page, because)}</p><p>${prose(page, basis.mission[page.lang])}</p>`,
    `<h2>${esc(words.recipients)}</h2><ul>${recipients.map((recipient) => `<li>${prose(page, recipient[page.lang])}</li>`).join("")}</ul>`,
  ].join("\n");
}

/** A region's page: who is responsible and on what basis, who receives the data, the patients' rights, the region's databases and projects. */
export function regionPage(lang: Lang, region: PublishedRegion, siteTitle: string): string {
  const page: Page = { lang, path: sitePaths.region(lang, region.id) };
  const words = labels[lang];
  const main = [
    `<h2>${esc(words.who)}</h2><p>${esc(region.transparency.controller)}</p>`,
    basisAndRecipients(page, region),
    rightsSection(page, region),
    `<h2>${esc(words.datasets)}</h2>${datasetsList(page, region)}`,
    `<h2>${esc(words.projects)}</h2>${projectsTable(page, region)}`,
  ].join("\n");
  return layout(page, { title: region.name, trail: [{ label: words.home, path: sitePaths.home(lang) }], main }, siteTitle);
}
