// Internal users-adjustKarma {username, delta, idempotencyKey?}: no HTTP route, reached by
// Lambda Invoke from services whose events change a user's karma (votes). UserNotFound if
// absent. A change sent again with the same idempotency key is applied once.
import * as z from "zod";
import { internalFunction } from "../../lib/internal-function";
import { usersStore } from "../../lib/users/composition-root";
import { usernameSchema } from "../../lib/users/model";

const AdjustKarma = z.strictObject({
  username: usernameSchema,
  delta: z.number().int().min(-1_000_000).max(1_000_000),
  idempotencyKey: z.string().min(1).max(200).optional(),
});

export const handler = internalFunction(
  AdjustKarma,
  async ({ username, delta, idempotencyKey }) => ({
    username,
    karma: await usersStore.adjustKarma(username, delta, idempotencyKey),
  }),
);
