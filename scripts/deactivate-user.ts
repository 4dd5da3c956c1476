/**
 * `npm run user:deactivate -- name@example.se`: an operator removes a person's access at once.
 * On the embedded database, stop the server first (PGlite allows one process per folder).
 */
import { z } from "zod";
import { getDatabaseHandle } from "../db/client";
import { deactivateUserByEmail } from "../db/queries/users";

const email = z.email().safeParse(process.argv[2]?.trim().toLowerCase());
if (!email.success) {
  console.error("Usage: npm run user:deactivate -- name@example.se");
  process.exit(2);
}
const handle = getDatabaseHandle();
try {
  const found = await deactivateUserByEmail(handle.db, email.data);
  console.log(found ? `Deactivated ${email.data}; all their sessions are ended.` : `No user with the address ${email.data}.`);
  process.exitCode = found ? 0 : 1;
} finally {
  await handle.close();
}
