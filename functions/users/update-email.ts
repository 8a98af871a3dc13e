// PATCH /users/{username}: the caller changes their own email address.
import { z } from "zod";
import { Forbidden, NotFound } from "../../lib/http/errors";
import { ok } from "../../lib/http/responses";
import { authenticatedRoute } from "../../lib/http/route";
import { emailSchema, ownProfile, usernameSchema } from "../../lib/users/model";
import { usersStore } from "../../lib/users/users-store";

const path = z.object({ username: usernameSchema });
const body = z.strictObject({ email: emailSchema });

export const handler = authenticatedRoute({ path, body }, async ({ path, body, username }) => {
  if (path.username !== username) throw new Forbidden("you can only change your own profile");
  const user = await usersStore.get(username);
  if (!user?.active) throw new NotFound(`user ${username} not found`);
  return ok(ownProfile(await usersStore.changeEmail(user, body.email)));
});
