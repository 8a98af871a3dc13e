// GET /users/me: the caller's own profile, email included.
import { ok } from "../../lib/http/responses";
import { authenticatedRoute } from "../../lib/http/route";
import { usersStore } from "../../lib/users/composition-root";
import { activeUser, ownProfile } from "../../lib/users/model";

export const handler = authenticatedRoute({}, async ({ username }) => {
  return ok(ownProfile(activeUser(await usersStore.get(username), username)));
});
