/** Facilitator journey (a) in Swedish, the default language. */
import { test } from "./fixtures";
import { addDriverWithTextAndGoal, incompleteTargetIsRejected } from "./journeys/facilitator-journey";

test.use({ appLocale: "sv" });

test.describe("processledare (svenska)", () => {
  test("lägger till en drivkraft, skriver nuläge och en målsättning med mål; allt finns kvar efter omladdning", async ({ page, t, signInAsDemo }) => {
    await signInAsDemo(page, "facilitator");
    await addDriverWithTextAndGoal({ page, t, locale: "sv" });
  });

  test("ett ofullständigt mål visas vid fälten, fokus flyttas och inget mål sparas", async ({ page, t, signInAsDemo, demo }) => {
    await signInAsDemo(page, "facilitator");
    await incompleteTargetIsRejected({ page, t, locale: "sv" }, demo.url);
  });
});
