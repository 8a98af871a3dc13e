// GET /users/me: the caller's own profile, email included.
import { NotFound } from "../../lib/http/errors";
import { ok } from "../../lib/http/responses";
import { authenticatedRoute } from "../../lib/http/route";
import { ownProfile } from "../../lib/users/model";
import { usersStore } from "../../lib/users/users-store";

export const handler = authenticatedRoute({}, async ({ username }) => {
  const user = await usersStore.get(username);
  if (!user?.active) throw new NotFound(`user ${username} not found`);
  return ok(ownProfile(user));
});
