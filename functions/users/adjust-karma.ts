// Internal users-adjustKarma {username, delta}: no HTTP route, reached by Lambda
// Invoke from services whose events change a user's karma (votes).
import { z } from "zod";
import { usernameSchema } from "../../lib/users/model";
import { usersStore } from "../../lib/users/users-store";

const AdjustKarma = z.strictObject({
  username: usernameSchema,
  delta: z.number().int().min(-1_000_000).max(1_000_000),
});

export async function handler(event: unknown): Promise<{ username: string; karma: number }> {
  const { username, delta } = AdjustKarma.parse(event);
  return { username, karma: await usersStore.adjustKarma(username, delta) };
}
