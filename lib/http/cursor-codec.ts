// List cursors a client cannot forge: the store's position and the list it belongs to,
// base64url JSON, followed by an HMAC-SHA256 of both under a key only the service holds.
// A cursor made by hand, taken from another list or search, or altered is refused with a
// 400 before it reaches a store, so a crafted position can never become a store error.
import { createHmac, timingSafeEqual } from "node:crypto";
import type * as z from "zod";
import { BadRequest } from "./errors";

export interface CursorCodec {
  /** The cursor for `position` in `list`, or null when there is no next page. */
  encode(list: string, position: unknown): string | null;
  /** The position a cursor of `list` carries, in the shape `schema` expects; else a 400. */
  decode<S extends z.ZodType>(list: string, cursor: string, schema: S): z.output<S>;
}

export function createCursorCodec(key: string): CursorCodec {
  const sign = (payload: string) =>
    createHmac("sha256", key).update(payload).digest().subarray(0, 16);

  return {
    encode(list, position) {
      if (position === undefined || position === null) return null;
      const payload = Buffer.from(JSON.stringify({ list, position })).toString("base64url");
      return `${payload}.${sign(payload).toString("base64url")}`;
    },

    decode(list, cursor, schema) {
      const [payload, signature, ...rest] = cursor.split(".");
      const expected = payload === undefined ? undefined : sign(payload);
      const given = Buffer.from(signature ?? "", "base64url");
      if (
        rest.length > 0 ||
        expected === undefined ||
        given.length !== expected.length ||
        !timingSafeEqual(given, expected)
      ) {
        throw new BadRequest("the cursor was not issued by this list");
      }
      const decoded = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as {
        list?: unknown;
        position?: unknown;
      };
      const position = schema.safeParse(decoded.position);
      if (decoded.list !== list || !position.success) {
        throw new BadRequest("the cursor belongs to another list or search");
      }
      return position.data;
    },
  };
}
