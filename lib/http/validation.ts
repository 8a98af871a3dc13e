// zod at the edge: parses one part of a request (body, path or query) and turns zod's
// issues into the API's validation_failed error with the offending fields.
import type * as z from "zod";
import { type FieldIssue, ValidationFailed } from "./errors";

export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  part: string,
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationFailed(result.error.issues.map((issue) => toFieldIssue(issue, part)));
}

function toFieldIssue(issue: z.core.$ZodIssue, part: string): FieldIssue {
  const path = issue.path.map(String).join(".");
  if (
    part === "body" &&
    path === "" &&
    issue.code === "invalid_type" &&
    issue.expected === "object"
  ) {
    // `"text"`, `null`, `[...]` or no body at all, where the route expects fields.
    return { path: part, message: "the request body must be a JSON object" };
  }
  return { path: path === "" ? part : path, message: issue.message };
}
