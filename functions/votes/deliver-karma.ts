// Internal votes-deliverKarma: started by a vote (async invoke) and by a schedule; delivers
// the karma changes waiting in the outbox to users-adjustKarma (lib/votes/karma-delivery.ts).
// Idempotent: concurrent runs claim different changes, and a change applied twice counts once.
import * as z from "zod";
import { internalFunction } from "../../lib/internal-function";
import { votesStore } from "../../lib/votes/composition-root";
import { deliverKarma } from "../../lib/votes/karma-delivery";

/** Neither the schedule's event nor a vote's says anything the delivery needs. */
const DeliveryRequest = z.unknown();

export const handler = internalFunction(DeliveryRequest, () => deliverKarma(votesStore));
