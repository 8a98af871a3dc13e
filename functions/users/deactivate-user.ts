// DELETE /users/{username}: the caller deactivates their own account. The username
// stays reserved; the credentials stop working once the authorizer's cache expires.
import { z } from "zod";
import { Forbidden } from "../../lib/http/errors";
import { ok } from "../../lib/http/responses";
import { authenticatedRoute } from "../../lib/http/route";
import { usernameSchema } from "../../lib/users/model";
import { usersStore } from "../../lib/users/users-store";

const path = z.object({ username: usernameSchema });

export const handler = authenticatedRoute({ path }, async ({ path, username }) => {
  if (path.username !== username) throw new Forbidden("you can only deactivate your own account");
  await usersStore.deactivate(username);
  return ok({ username, active: false });
});
