import { describe, expect, it } from "vitest";
import { z } from "zod";
import { BadRequest } from "../../../lib/http/errors";
import { decodeCursor, encodeCursor } from "../../../lib/http/pagination";

describe("cursors", () => {
  const position = z.object({ pk: z.string() });

  it("round-trip a store position, and null means no next page", () => {
    const cursor = encodeCursor({ pk: "USER#alice" });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor ?? "", position)).toEqual({ pk: "USER#alice" });
    expect(encodeCursor(undefined)).toBeNull();
  });

  it.each(["", "not base64 at all!", encodeCursor({ other: 1 }) ?? "", encodeCursor("x") ?? ""])(
    "reject %j with a 400",
    (cursor) => {
      expect(() => decodeCursor(cursor, position)).toThrow(BadRequest);
    },
  );
});
