// Gossip entries on the wire: the JSON a shard's digest and the queue hold. Entries are read
// back with zod, so a malformed one (written by hand, or by an older version) is refused
// rather than merged.
import * as z from "zod";
import type { RatingValue } from "./rating-value";
import type { GossipEntry } from "./store";

const Clock = z.record(z.string(), z.number().int().nonnegative());

const GossipEntrySchema = z.object({
  primary: z.number().int().nonnegative(),
  key: z.string(),
  rating: z.number(),
  choices: z.array(z.number()),
  clocks: z.array(Clock),
});

const StoredValue = z.object({
  rating: z.coerce.number(),
  choices: z.string().transform((text) => z.array(z.number()).parse(JSON.parse(text))),
  clocks: z.string().transform((text) => z.array(Clock).parse(JSON.parse(text))),
});

export function encodeGossipEntry(entry: GossipEntry): string {
  return JSON.stringify(entry);
}

export function decodeGossipEntry(text: string): GossipEntry {
  return GossipEntrySchema.parse(JSON.parse(text));
}

/** A value from the fields of its Redis hash (MERGE_LUA writes them). */
export function decodeStoredValue(fields: Record<string, string>): RatingValue | undefined {
  if (fields.choices === undefined) return undefined;
  return StoredValue.parse(fields);
}
