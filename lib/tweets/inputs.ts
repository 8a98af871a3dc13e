// The microblog's request schemas that more than one handler uses.
import * as z from "zod";
import { tweetIdSchema, tweetTextSchema } from "./model";
import { normalizeWord } from "./text";

export const tweetPath = z.object({ id: tweetIdSchema });

export const tweetBody = z.strictObject({ text: tweetTextSchema });

/** A hashtag as given in a path or query, with or without its `#`, normalized. */
export const hashtagSchema = z
  .string()
  .trim()
  .transform((tag) => normalizeWord(tag.replace(/^#/, "")))
  .pipe(z.string().min(1).max(100));
