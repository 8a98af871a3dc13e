import { describe, expect, it } from "vitest";
import * as z from "zod";
import { createCursorCodec } from "../../../lib/http/cursor-codec";
import { BadRequest } from "../../../lib/http/errors";

describe("cursors", () => {
  const cursors = createCursorCodec("a key only the service holds");
  const position = z.object({ pk: z.string(), username: z.string() });
  const issued = cursors.encode("users?q=al", { pk: "USER#alice", username: "alice" }) ?? "";

  it("round-trip a store position within its list, and null means no next page", () => {
    expect(issued).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(cursors.decode("users?q=al", issued, position)).toEqual({
      pk: "USER#alice",
      username: "alice",
    });
    expect(cursors.encode("users?q=al", undefined)).toBeNull();
  });

  const [payload] = issued.split(".");
  const forged = (value: unknown) =>
    Buffer.from(JSON.stringify({ list: "users?q=al", position: value })).toString("base64url");
  it.each([
    { description: "empty", cursor: "" },
    { description: "not base64", cursor: "not base64 at all!" },
    { description: "unsigned", cursor: payload ?? "" },
    {
      description: "hand-made, well-formed",
      cursor: `${forged({ pk: "", directory: "users", username: "" })}.AAAAAAAAAAAAAAAAAAAAAA`,
    },
    {
      description: "signed with another key",
      cursor:
        createCursorCodec("another key").encode("users?q=al", { pk: "x", username: "y" }) ?? "",
    },
    {
      description: "with a signature of another payload",
      cursor: `${forged({ pk: "USER#bob", username: "bob" })}.${issued.split(".")[1]}`,
    },
  ])("reject a cursor that is $description with a 400", ({ cursor }) => {
    expect(() => cursors.decode("users?q=al", cursor, position)).toThrow(BadRequest);
  });

  it("reject a cursor of another list or search, or of another shape", () => {
    expect(() => cursors.decode("users?q=bo", issued, position)).toThrow("another list or search");
    expect(() => cursors.decode("users?q=al", issued, z.object({ id: z.string() }))).toThrow(
      BadRequest,
    );
  });
});
