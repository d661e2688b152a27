import { describe, expect, it } from "vitest";
import { published } from "../../transparency/published";
import { shippedRegions } from "../helpers/transparency";

const statuses = (today?: string) =>
  published(shippedRegions().regions, today)
    .filter((region) => region.id === "nouvelle-aquitaine")
    .flatMap((region) => region.projects.map((project) => `${project.id} ${project.status}`));

describe("what the site says of a project on a given day", () => {
  it("is its declared status while its authorization is in force (the platform gives a workspace to a running one only)", () => {
    expect(statuses("2026-11-28")).toEqual(["cardio-2026 running", "diabete-2025 closed"]);
  });

  it("is closed once the authorization has ended, and planned before it begins, whatever the file declares", () => {
    expect(statuses("2028-04-01")).toEqual(["cardio-2026 closed", "diabete-2025 closed"]);
    expect(statuses("2026-01-15")).toEqual(["cardio-2026 planned", "diabete-2025 closed"]);
  });

  it("is what the file declares when no day is given", () => {
    expect(statuses()).toEqual(["cardio-2026 running", "diabete-2025 closed"]);
  });
});
