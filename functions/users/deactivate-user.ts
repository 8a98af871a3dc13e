// DELETE /users/{username}: the caller deactivates their own account. The username
// stays reserved; the credentials stop working at once (lib/users/deactivation.ts).
import * as z from "zod";
import { ok } from "../../lib/http/responses";
import { authenticatedRoute } from "../../lib/http/route";
import { deactivateAccount } from "../../lib/users/deactivation";
import { requireOwnAccount, usernameSchema } from "../../lib/users/model";

const path = z.object({ username: usernameSchema });

export const handler = authenticatedRoute({ path }, async ({ path, username }) => {
  requireOwnAccount(username, path.username, "deactivate");
  await deactivateAccount(username);
  return ok({ username, active: false });
});
