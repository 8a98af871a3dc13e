// The users service in `npm run load`: a new user signs up once (registers, then logs in
// for the first time: two scrypts), then each journey logs in (GET /users/me, through the
// authorizer) and looks at another user's public profile.
import type { LoadClient, ScenarioSteps, VirtualUser } from "./scenario";

/** Registration, then the first login: what a new user costs. Answers whether it worked. */
export async function signUp(user: VirtualUser, client: LoadClient): Promise<boolean> {
  const email = `${user.username}@load.example.com`;
  const body = { username: user.username, email, password: user.password };
  // 409: registered by an earlier run against the same stack; the password is the same.
  const answer = await client.call("POST /users", "/users", { body, expect: [201, 409] });
  // A failed registration (counted as an error) is tried again on the next journey.
  if (answer === undefined) return false;
  user.registered = true;
  await client.call("GET /users/me (first login)", "/users/me", { user });
  return true;
}

export const usersSteps: ScenarioSteps = {
  service: "users",
  async run(user, client) {
    if (!user.registered) {
      if (!(await signUp(user, client))) return;
      await client.think();
    }
    await client.call("GET /users/me", "/users/me", { user });
    await client.think();
    await client.call("GET /users/{username}", `/users/${user.username}`);
    await client.think();
  },
};
