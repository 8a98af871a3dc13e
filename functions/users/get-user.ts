// GET /users/{username}: anyone's public profile (never the email).
import { z } from "zod";
import { NotFound } from "../../lib/http/errors";
import { ok } from "../../lib/http/responses";
import { publicRoute } from "../../lib/http/route";
import { publicProfile, usernameSchema } from "../../lib/users/model";
import { usersStore } from "../../lib/users/users-store";

const path = z.object({ username: usernameSchema });

export const handler = publicRoute({ path }, async ({ path }) => {
  const user = await usersStore.get(path.username);
  if (!user?.active) throw new NotFound(`user ${path.username} not found`);
  return ok(publicProfile(user));
});
