// List pagination per API.md: `limit` (default 25, at most 100) and an opaque `cursor`
// that wraps a store's position (DynamoDB's LastEvaluatedKey, an offset...).
import { z } from "zod";
import { BadRequest } from "./errors";

export const paginationQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
};

export function encodeCursor(position: unknown): string | null {
  if (position === undefined || position === null) return null;
  return Buffer.from(JSON.stringify(position), "utf8").toString("base64url");
}

/** Decodes a cursor into the shape `schema` expects; anything else is a 400. */
export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S): z.output<S> {
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw new BadRequest("the cursor is not valid for this list");
  }
}
