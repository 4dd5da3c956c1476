import { describe, expect, it } from "vitest";
import { formDataToObject } from "@/lib/forms";

function formData(entries: [string, string | Blob][]): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

describe("formDataToObject", () => {
  it("reads single fields as strings, keeping the first of repeated non-array names", () => {
    const data = formData([
      ["title", "Kompetensförsörjning"],
      ["whoClass", "within"],
      ["whoClass", "uncertain"],
    ]);
    expect(formDataToObject(data)).toEqual({ title: "Kompetensförsörjning", whoClass: "within" });
  });

  it("reads array fields as arrays, in order", () => {
    const data = formData([
      ["careAreas", "sjukvard"],
      ["careAreas", "granslandet"],
    ]);
    expect(formDataToObject(data, ["careAreas"])).toEqual({ careAreas: ["sjukvard", "granslandet"] });
  });

  it("gives an unchecked checkbox group an empty array rather than leaving it out", () => {
    expect(formDataToObject(formData([["title", "x"]]), ["careAreas", "changePerspectives"])).toEqual({
      title: "x",
      careAreas: [],
      changePerspectives: [],
    });
  });

  it("drops Next's $ACTION fields and file values", () => {
    const data = formData([
      ["$ACTION_ID_abc", ""],
      ["$ACTION_REF_1", ""],
      ["title", "x"],
      ["attachment", new Blob(["file"])],
    ]);
    const result = formDataToObject(data);
    expect(Object.keys(result).filter((key) => key.startsWith("$ACTION"))).toEqual([]);
    expect(result.title).toBe("x");
    expect(result.attachment).toBeUndefined();
  });
});
