import { defineConfig } from "vitest/config";
import base from "./vitest.config";

/**
 * `npm run test:reliability`: the collaboration durability and robustness tests at the full scale
 * of RELIABILITY.md (C1 with 50 clients on 5 documents × 5 rounds, C5 with 10 000 frames, two
 * instances over Redis), the indicator import fuzz (I1: 1 000 files, 20 kill -9 runs) and the
 * comment anchor fuzz (1 000 runs), outside CI. The same files run at PR scale in `npm test`.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      "tests/integration/collab-crash.test.ts",
      "tests/integration/collab-limits.test.ts",
      "tests/integration/collab-redis.test.ts",
      "tests/integration/collab-persistence.test.ts",
      "tests/integration/collab-properties.test.ts",
      // RELIABILITY I1: 1 000 generated files of 0–5 000 rows, and 20 imports killed (-9) mid-way.
      "tests/integration/indicator-import-fuzz.test.ts",
      // Issue 6's anchor fuzz: 1 000 runs of three replicas editing around anchored passages.
      "tests/unit/text-anchor.test.ts",
    ],
    env: { SAMSYN_RELIABILITY: "1" },
    testTimeout: 600_000,
    fileParallelism: false,
  },
});
