// POST /users: public registration.
import * as z from "zod";
import { created } from "../../lib/http/responses";
import { publicRoute } from "../../lib/http/route";
import { usersStore } from "../../lib/users/composition-root";
import { emailSchema, ownProfile, passwordSchema, usernameSchema } from "../../lib/users/model";
import { passwords } from "../../lib/users/passwords";

const body = z.strictObject({
  username: usernameSchema,
  email: emailSchema,
  password: passwordSchema,
});

export const handler = publicRoute({ body }, async ({ body }) => {
  const user = {
    username: body.username,
    email: body.email,
    passwordHash: await passwords.hash(body.password),
    karma: 0,
    active: true,
    createdAt: new Date().toISOString(),
  };
  await usersStore.create(user);
  return created(`/users/${user.username}`, ownProfile(user));
});
