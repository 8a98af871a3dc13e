// The one way to write a games route: authenticated, with read-your-writes installed, so no
// handler can forget it. The handler gets the caller's read position beside the request.

import type { HttpResponse } from "../http/responses";
import type { AuthenticatedRequest, RouteSchemas } from "../http/route";
import { authenticatedRoute } from "../http/route";
import { type ReadPosition, readPositionOf, readYourWrites } from "./read-your-writes";

export interface GamesRequest<S extends RouteSchemas> extends AuthenticatedRequest<S> {
  /** What the caller has seen of games-db; reads and writes report what they see to it. */
  position: ReadPosition;
}

export function gamesRoute<S extends RouteSchemas>(
  schemas: S,
  run: (request: GamesRequest<S>) => Promise<HttpResponse>,
) {
  return authenticatedRoute(
    schemas,
    (request) => run({ ...request, position: readPositionOf(request.event) }),
    readYourWrites(),
  );
}
