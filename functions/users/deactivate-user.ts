// DELETE /users/{username}: the caller deactivates their own account. The username
// stays reserved; the credentials stop working at once: the authorizer reads the user on
// every call, and the gateway's cache of its answers is flushed here.
import { z } from "zod";
import { ok } from "../../lib/http/responses";
import { authenticatedRoute } from "../../lib/http/route";
import { gatewayAuthorizerCache, usersStore } from "../../lib/users/composition-root";
import { requireOwnAccount, usernameSchema } from "../../lib/users/model";

const path = z.object({ username: usernameSchema });

export const handler = authenticatedRoute({ path }, async ({ path, username }) => {
  requireOwnAccount(username, path.username, "deactivate");
  await usersStore.deactivate(username);
  await gatewayAuthorizerCache.flush();
  return ok({ username, active: false });
});
