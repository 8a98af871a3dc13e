// GET /health: a public route that touches no store, the baseline the benchmark
// compares authenticated routes against.

import { ok } from "../../lib/http/responses";
import { publicRoute } from "../../lib/http/route";

export const handler = publicRoute({}, async () => ok({ status: "ok" }));
