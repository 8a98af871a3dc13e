// List pagination per API.md: `limit` (default 25, at most 100) and an opaque `cursor`,
// signed so that a list accepts only the cursors it issued (cursor-codec.ts).
import * as z from "zod";
import { config } from "../config";
import { createCursorCodec } from "./cursor-codec";

export const paginationQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
};

const cursors = createCursorCodec(config.CURSOR_SIGNING_KEY);

/**
 * The cursor for the page after `position` in `list`, null when there is none. `list` names
 * the list and everything that selects its items (`users?q=al`, `games/alice?status=won`).
 */
export const encodeCursor = cursors.encode;

/** The position in `list` that `cursor` carries; a 400 for any cursor `list` did not issue. */
export const decodeCursor = cursors.decode;
