// DELETE /users/{username}: the caller deactivates their own account. The username
// stays reserved; the credentials stop working once the authorizer's cache expires.
import * as z from "zod";
import { ok } from "../../lib/http/responses";
import { authenticatedRoute } from "../../lib/http/route";
import { usersStore } from "../../lib/users/composition-root";
import { requireOwnAccount, usernameSchema } from "../../lib/users/model";

const path = z.object({ username: usernameSchema });

export const handler = authenticatedRoute({ path }, async ({ path, username }) => {
  requireOwnAccount(username, path.username, "deactivate");
  await usersStore.deactivate(username);
  return ok({ username, active: false });
});
