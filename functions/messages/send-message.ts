// POST /messages: the caller sends a private message to an active user.
import { randomUUID } from "node:crypto";
import * as z from "zod";
import { created } from "../../lib/http/responses";
import { authenticatedRoute } from "../../lib/http/route";
import { messagesStore } from "../../lib/messages/composition-root";
import { contentsSchema, type Message } from "../../lib/messages/model";
import { requireRecipient } from "../../lib/messages/recipients";
import { usernameSchema } from "../../lib/users/model";

const body = z.strictObject({ to: usernameSchema, contents: contentsSchema });

export const handler = authenticatedRoute({ body }, async ({ body, username }) => {
  await requireRecipient(body.to);
  const message: Message = {
    id: randomUUID(),
    from: username,
    to: body.to,
    contents: body.contents,
    sentAt: new Date().toISOString(),
    favorite: false,
  };
  await messagesStore.send(message);
  return created(`/messages/${message.id}`, message);
});
