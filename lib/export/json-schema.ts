/**
 * The exported goal set as a JSON Schema (draft 2020-12), generated from the zod schema so that the
 * published contract and the validation can never disagree. What an importer accepts is the
 * schema's input side (a mark may carry empty attributes, as the editor writes them).
 */
import { z } from "zod";
import { GOAL_SET_SCHEMA_ID, GOAL_SET_SCHEMA_VERSION, goalSetExportSchema } from "../model/goal-set-export";

export function goalSetJsonSchema(): string {
  const schema = z.toJSONSchema(goalSetExportSchema, { target: "draft-2020-12", io: "input" });
  const described = {
    $schema: schema.$schema,
    $id: GOAL_SET_SCHEMA_ID,
    title: `Samsyn goal set, schema version ${GOAL_SET_SCHEMA_VERSION}`,
    description:
      "A dialogue's goal set as Samsyn exports it: drivers with current state (nuläge) and its indicator figures, expected future, desired state (goal statements with targets and computed gaps), the gap and its actions, and optionally stances and comment threads. Every figure names its source and data release.",
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== "$schema")),
  };
  return `${JSON.stringify(described, null, 2)}\n`;
}
