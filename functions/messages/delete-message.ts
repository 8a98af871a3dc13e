// DELETE /messages/{id}: removes the message from the caller's box only; it is gone once
// both sides have deleted it.
import * as z from "zod";
import { ok } from "../../lib/http/responses";
import { authenticatedRoute } from "../../lib/http/route";
import { messagesStore } from "../../lib/messages/composition-root";
import { messageIdSchema, visibleMessage } from "../../lib/messages/model";

const path = z.object({ id: messageIdSchema });

export const handler = authenticatedRoute({ path }, async ({ path, username }) => {
  const message = visibleMessage(await messagesStore.get(path.id), path.id, username);
  await messagesStore.removeFromBoxesOf(message, username);
  return ok({ id: message.id, deleted: true });
});
