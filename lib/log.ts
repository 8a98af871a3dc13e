// Structured logging: one JSON object per line on stdout, which CloudWatch and the
// local stack both show as-is. Callers pass fields, never secrets.

type Level = "info" | "warn" | "error";

function write(level: Level, msg: string, fields: Record<string, unknown>): void {
  console.log(JSON.stringify({ level, msg, time: new Date().toISOString(), ...fields }));
}

export const log = {
  info: (msg: string, fields: Record<string, unknown> = {}) => write("info", msg, fields),
  warn: (msg: string, fields: Record<string, unknown> = {}) => write("warn", msg, fields),
  error: (msg: string, fields: Record<string, unknown> = {}) => write("error", msg, fields),
};

/** The parts of an unknown thrown value worth logging (JSON.stringify(error) prints {}). */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    return { error: error.message, errorName: error.name, stack: error.stack };
  }
  return { error: String(error) };
}
