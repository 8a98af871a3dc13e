// Read-your-writes for the games service, the way LiteFS's proxy does it: every response
// carries `x-agora-txid`, the games-db position the caller has seen; a request that
// presents it back (header, or the `__txid` cookie) is never served older data.
import type { APIGatewayProxyEvent } from "aws-lambda";
import { BadRequest } from "../http/errors";
import type { RouteMiddleware } from "../http/route";

export const TXID_HEADER = "x-agora-txid";
const TXID_COOKIE = "__txid";
/** How long a browser keeps presenting the position of its last write. */
const COOKIE_MAX_AGE_SECONDS = 60;

export interface ReadPosition {
  /** The position the caller presented: reads must reach at least this TXID. */
  readonly minTxid: number | undefined;
  /** Records a position the request observed (a read's node, or a write's TXID). */
  observe(txid: number): void;
  /** Records the TXID of a committed write, which the caller is told to present. */
  wrote(txid: number): void;
}

interface State {
  minTxid: number | undefined;
  seen: number;
  written: boolean;
}

const states = new WeakMap<APIGatewayProxyEvent, State>();

export function readPositionOf(event: APIGatewayProxyEvent): ReadPosition {
  const state = states.get(event);
  if (!state) throw new Error("readYourWrites() middleware is not installed on this route");
  return {
    minTxid: state.minTxid,
    observe: (txid) => {
      state.seen = Math.max(state.seen, txid);
    },
    wrote: (txid) => {
      state.seen = Math.max(state.seen, txid);
      state.written = true;
    },
  };
}

export function readYourWrites(): RouteMiddleware {
  const stamp: NonNullable<RouteMiddleware["after"]> = (request) => {
    const state = states.get(request.event);
    if (!state || !request.response) return;
    const headers: Record<string, string | number | boolean> = {
      ...request.response.headers,
      [TXID_HEADER]: String(state.seen),
    };
    if (state.written) {
      headers["Set-Cookie"] =
        `${TXID_COOKIE}=${state.seen}; Path=/; Max-Age=${COOKIE_MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax`;
    }
    request.response.headers = headers;
  };
  return {
    before: (request) => {
      const state: State = { minTxid: undefined, seen: 0, written: false };
      // Registered before parsing, so even a malformed token's 400 carries a position.
      states.set(request.event, state);
      state.minTxid = presentedTxid(request.event);
      state.seen = state.minTxid ?? 0;
    },
    after: stamp,
    onError: stamp,
  };
}

function presentedTxid(event: APIGatewayProxyEvent): number | undefined {
  const headers = Object.fromEntries(
    Object.entries(event.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const fromHeader = headers[TXID_HEADER];
  if (fromHeader !== undefined && fromHeader !== "") {
    return parseTxid(fromHeader, `the ${TXID_HEADER} header`);
  }
  const fromCookie = cookieValue(headers.cookie, TXID_COOKIE);
  if (fromCookie !== undefined && fromCookie !== "") {
    return parseTxid(fromCookie, `the ${TXID_COOKIE} cookie`);
  }
  return undefined;
}

function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  for (const pair of cookieHeader?.split(";") ?? []) {
    const equals = pair.indexOf("=");
    if (equals >= 0 && pair.slice(0, equals).trim() === name) return pair.slice(equals + 1).trim();
  }
  return undefined;
}

/** A TXID as a client presents it; a 400 naming where it came from otherwise. */
function parseTxid(raw: string, source: string): number {
  if (!/^\d{1,15}$/.test(raw.trim())) {
    throw new BadRequest(`${source} must be a transaction id (a non-negative integer)`);
  }
  return Number(raw.trim());
}
