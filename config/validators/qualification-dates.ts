import type { EnvironmentValidator } from "./context";

/** A lapsed SecNumCloud qualification or HDS certificate means the region must not be deployed there (SecNumCloud Annex 2, HDS EXI 17). */
export const validateQualificationDates: EnvironmentValidator = ({ env, source, today }) => {
  const { secNumCloud, hds } = env.provider.qualification;
  const evidence = [
    {
      path: ["provider", "qualification", "secNumCloud", "validUntil"],
      what: `SecNumCloud qualification ${secNumCloud.reference}`,
      date: secNumCloud.validUntil,
    },
    { path: ["provider", "qualification", "hds", "validUntil"], what: `HDS certificate ${hds.certificate}`, date: hds.validUntil },
  ];
  return evidence
    .filter((item) => item.date < today)
    .map((item) =>
      source.issueAt(item.path, `the ${item.what} expired on ${item.date} (today is ${today}); renew the evidence or move the region to a qualified offer`),
    );
};
