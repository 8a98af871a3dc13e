// PATCH /users/{username}: the caller changes their own email address.
import * as z from "zod";
import { ok } from "../../lib/http/responses";
import { authenticatedRoute } from "../../lib/http/route";
import { usersStore } from "../../lib/users/composition-root";
import {
  activeUser,
  emailSchema,
  ownProfile,
  requireOwnAccount,
  usernameSchema,
} from "../../lib/users/model";

const path = z.object({ username: usernameSchema });
const body = z.strictObject({ email: emailSchema });

export const handler = authenticatedRoute({ path, body }, async ({ path, body, username }) => {
  requireOwnAccount(username, path.username, "change the email of");
  const user = activeUser(await usersStore.get(username), username);
  return ok(ownProfile(await usersStore.changeEmail(user, body.email)));
});
