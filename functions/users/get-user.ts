// GET /users/{username}: anyone's public profile (never the email).
import * as z from "zod";
import { ok } from "../../lib/http/responses";
import { publicRoute } from "../../lib/http/route";
import { usersStore } from "../../lib/users/composition-root";
import { activeUser, publicProfile, usernameSchema } from "../../lib/users/model";

const path = z.object({ username: usernameSchema });

export const handler = publicRoute({ path }, async ({ path }) => {
  return ok(publicProfile(activeUser(await usersStore.get(path.username), path.username)));
});
