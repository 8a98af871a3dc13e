// GET /messages/{id}: a message, to its sender or recipient while it is in their box.
import * as z from "zod";
import { ok } from "../../lib/http/responses";
import { authenticatedRoute } from "../../lib/http/route";
import { messagesStore } from "../../lib/messages/composition-root";
import { messageIdSchema, messageView, visibleMessage } from "../../lib/messages/model";

const path = z.object({ id: messageIdSchema });

export const handler = authenticatedRoute({ path }, async ({ path, username }) => {
  return ok(messageView(visibleMessage(await messagesStore.get(path.id), path.id, username)));
});
