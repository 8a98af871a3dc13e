// Stands in for EventBridge schedules locally: invokes every function that has a
// `schedule: rate(...)` event in serverless.yml through serverless-offline's Lambda
// endpoint, at that rate, never overlapping two runs of the same function.
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { z } from "zod";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "./local-aws";
import type { LogSink } from "./process";

const UNIT_MS = {
  minute: 60_000,
  minutes: 60_000,
  hour: 3_600_000,
  hours: 3_600_000,
  day: 86_400_000,
  days: 86_400_000,
};

export interface Schedule {
  functionName: string;
  everyMs: number;
}

const ScheduleEvent = z.union([
  z.string(),
  z.object({ rate: z.union([z.string(), z.array(z.string())]), enabled: z.boolean().optional() }),
]);

const PrintedFunctions = z.object({
  functions: z
    .record(
      z.string(),
      z.object({
        name: z.string(),
        events: z.array(z.record(z.string(), z.unknown())).optional(),
      }),
    )
    .optional(),
});

/** The rate schedules declared in a resolved serverless.yml; cron schedules are skipped. */
export function declaredSchedules(printed: unknown): Schedule[] {
  const functions = PrintedFunctions.parse(printed).functions ?? {};
  return Object.values(functions).flatMap((definition) =>
    (definition.events ?? []).flatMap((event) => {
      if (!("schedule" in event)) return [];
      const schedule = ScheduleEvent.parse(event.schedule);
      if (typeof schedule !== "string" && schedule.enabled === false) return [];
      const rates = typeof schedule === "string" ? [schedule] : [schedule.rate].flat();
      return rates.flatMap((rate) => {
        const everyMs = rateToMs(rate);
        return everyMs === undefined ? [] : [{ functionName: definition.name, everyMs }];
      });
    }),
  );
}

export function rateToMs(expression: string): number | undefined {
  const match = /^rate\((\d+)\s+(\w+)\)$/.exec(expression.trim());
  const unit = match?.[2] as keyof typeof UNIT_MS | undefined;
  if (!match || !unit || !(unit in UNIT_MS)) return undefined;
  return Number(match[1]) * UNIT_MS[unit];
}

/** Starts invoking each schedule; returns a function that stops them all. */
export function startScheduler(schedules: Schedule[], lambdaEndpoint: string, log: LogSink) {
  const lambda = new LambdaClient({
    endpoint: lambdaEndpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  const timers = schedules.map(({ functionName, everyMs }) => {
    let running = false;
    return setInterval(async () => {
      if (running) return;
      running = true;
      try {
        const result = await lambda.send(
          new InvokeCommand({
            FunctionName: functionName,
            Payload: new TextEncoder().encode(JSON.stringify({ source: "agora.local-scheduler" })),
          }),
        );
        const payload = result.Payload ? new TextDecoder().decode(result.Payload) : "";
        log("scheduler", `${functionName}: ${result.FunctionError ? "failed" : "ok"} ${payload}`);
      } catch (error) {
        log("scheduler", `${functionName}: ${(error as Error).message}`);
      } finally {
        running = false;
      }
    }, everyMs);
  });
  return () => {
    for (const timer of timers) clearInterval(timer);
    lambda.destroy();
  };
}
