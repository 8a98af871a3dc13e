// `npm run bench [-- section ...]`: starts its own stack (free ports, fresh data, no
// artificial replica latency) and prints each benchmark's figures beside a baseline
// measured in the same run. Sections: workers, gateway, replication, reads, leaderboard, login,
// bundles, ratings, forum, microblog. The stack runs AGORA_GATEWAY_WORKERS gateway workers
// (default: one per core, at least 2).
// BENCH_SECONDS sets the length of each measured run (default 10).
import { stackSettingsFromEnv } from "../../local/settings";
import { startTestStack, type TestStack } from "../support/test-stack";
import { benchBundles } from "./bundles-bench";
import { benchForum } from "./forum-bench";
import { benchGateway } from "./gateway-bench";
import { benchLeaderboard } from "./leaderboard-bench";
import { benchLogin } from "./login-bench";
import { benchMicroblog } from "./microblog-bench";
import { benchRatings } from "./ratings-bench";
import { benchReadSpreading, benchReplicationLag } from "./replication-bench";
import { benchWorkers } from "./workers-bench";

const { gatewayWorkers } = stackSettingsFromEnv(process.env);

const SECTIONS = {
  workers: (stack: TestStack, seconds: number) => benchWorkers(stack, seconds, gatewayWorkers),
  gateway: (stack: TestStack, seconds: number) => benchGateway(stack, seconds),
  replication: (stack: TestStack, seconds: number) => benchReplicationLag(stack, seconds),
  reads: (stack: TestStack, seconds: number) => benchReadSpreading(stack, seconds),
  leaderboard: (stack: TestStack, seconds: number) =>
    benchLeaderboard(stack.gatewayUrl, stack, seconds),
  login: (stack: TestStack) => benchLogin(stack),
  bundles: (stack: TestStack) => benchBundles(stack),
  ratings: (stack: TestStack, seconds: number) => benchRatings(stack, seconds),
  forum: (stack: TestStack, seconds: number) => benchForum(stack, seconds),
  microblog: (stack: TestStack, seconds: number) => benchMicroblog(stack, seconds),
} as const;

type Section = keyof typeof SECTIONS;

async function main(): Promise<void> {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((name) => !(name in SECTIONS));
  if (unknown.length > 0) {
    throw new Error(
      `unknown section ${unknown.join(", ")}; choose from ${Object.keys(SECTIONS).join(", ")}`,
    );
  }
  const sections = (requested.length > 0 ? requested : Object.keys(SECTIONS)) as Section[];
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);

  console.log("starting a fresh stack for the benchmarks...");
  const stack = await startTestStack({}, 0, gatewayWorkers);
  const stop = () => stack.stop().finally(() => process.exit(130));
  process.once("SIGINT", stop);
  try {
    for (const section of sections) await SECTIONS[section](stack, seconds);
  } finally {
    process.off("SIGINT", stop);
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
