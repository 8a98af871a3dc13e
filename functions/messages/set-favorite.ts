// PUT /messages/{id}/favorite: the recipient marks a message as a favorite, or unmarks it.
import * as z from "zod";
import { ok } from "../../lib/http/responses";
import { authenticatedRoute } from "../../lib/http/route";
import { messagesStore } from "../../lib/messages/composition-root";
import {
  messageIdSchema,
  messageView,
  receivedMessage,
  visibleMessage,
} from "../../lib/messages/model";

const path = z.object({ id: messageIdSchema });
const body = z.strictObject({ favorite: z.boolean() });

export const handler = authenticatedRoute({ path, body }, async ({ path, body, username }) => {
  receivedMessage(visibleMessage(await messagesStore.get(path.id), path.id, username), username);
  return ok(messageView(await messagesStore.setFavorite(path.id, body.favorite)));
});
