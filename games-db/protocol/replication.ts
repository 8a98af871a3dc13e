// How replicas follow the primary: the GET /stream request, the NDJSON lines it answers with
// (transactions as ordered steps, heartbeats), the snapshot headers, and the canonical form of a
// transaction that checksums hash.
import * as z from "zod";
import { wireIntegerSchema, wireValueSchema } from "./wire-values";

const ddlStepSchema = z.strictObject({ ddl: z.string().min(1) });
const rowStepSchema = z.strictObject({
  table: z.string().min(1),
  rowid: wireIntegerSchema,
  /** The row's final image by column name, or null when the row no longer exists. */
  values: z.record(z.string(), wireValueSchema).nullable(),
});
const stepSchema = z.union([ddlStepSchema, rowStepSchema]);
export type DdlStep = z.infer<typeof ddlStepSchema>;
export type RowStep = z.infer<typeof rowStepSchema>;
export type Step = z.infer<typeof stepSchema>;

const checksumSchema = z.string().regex(/^[0-9a-f]{16}$/);

/** The query of GET /stream: the replica's position, and its checksum there if it has one. */
export const streamRequestSchema = z.strictObject({
  from: z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number),
  checksum: checksumSchema.optional(),
});

/** Headers of GET /snapshot naming the position the snapshot holds. */
export const SNAPSHOT_TXID_HEADER = "x-games-db-txid";
export const SNAPSHOT_CHECKSUM_HEADER = "x-games-db-checksum";

const txLineSchema = z.strictObject({
  type: z.literal("tx"),
  txid: z.number().int().min(1),
  checksum: checksumSchema,
  steps: z.array(stepSchema),
});
export type TxLine = z.infer<typeof txLineSchema>;

const heartbeatLineSchema = z.strictObject({
  type: z.literal("heartbeat"),
  /** The primary's position when it sent the line. */
  txid: z.number().int().min(0),
  /** The primary's node name, which replicas write to their `.primary` file. */
  primary: z.string(),
});
export type HeartbeatLine = z.infer<typeof heartbeatLineSchema>;

export const streamLineSchema = z.discriminatedUnion("type", [txLineSchema, heartbeatLineSchema]);
export type StreamLine = z.infer<typeof streamLineSchema>;

export function isDdlStep(step: Step): step is DdlStep {
  return "ddl" in step;
}

/** A deterministic text of a transaction (column order does not matter), hashed by checksums. */
export function canonicalTransaction(txid: number, steps: readonly Step[]): string {
  return JSON.stringify([
    txid,
    steps.map((step) =>
      isDdlStep(step)
        ? ["ddl", step.ddl]
        : [
            step.table,
            step.rowid,
            step.values === null
              ? null
              : Object.entries(step.values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
          ],
    ),
  ]);
}
