// Configuration, parsed once at module load with zod (the schema: lib/config-schema.ts): a
// missing or malformed setting fails the cold start with a message naming it, never a later
// request.
import { type Config, parseConfig } from "./config-schema";

export const config: Config = parseConfig(process.env);
