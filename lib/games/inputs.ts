// Request inputs shared by the games routes.
import * as z from "zod";

export const gameIdPath = z.object({ id: z.uuid("must be a game id (a UUID)") });
