// The private message: its input rules, who may see it, and the view the API returns.
// Deleting is per side: a message stays in the box of whichever side has not deleted it.
import * as z from "zod";
import { MessageNotFound, NotTheRecipient } from "./errors";

export const contentsSchema = z.string().min(1).max(10_000);

export const messageIdSchema = z.uuid();

export interface Message {
  id: string;
  from: string;
  to: string;
  contents: string;
  sentAt: string;
  favorite: boolean;
}

/** A message as stored: which sides still keep it. */
export interface StoredMessage extends Message {
  inSentBox: boolean;
  inInbox: boolean;
}

export type Box = "inbox" | "sent";

export function messageView({ id, from, to, contents, sentAt, favorite }: Message): Message {
  return { id, from, to, contents, sentAt, favorite };
}

/**
 * The message, if `username` may see it: its sender while it is in the sent box, its
 * recipient while it is in the inbox. Anyone else gets MessageNotFound, as for an unknown id.
 */
export function visibleMessage(
  message: StoredMessage | undefined,
  id: string,
  username: string,
): StoredMessage {
  const keptBySender = message?.from === username && message.inSentBox;
  const keptByRecipient = message?.to === username && message.inInbox;
  if (!message || !(keptBySender || keptByRecipient)) throw new MessageNotFound(id);
  return message;
}

/** The message, if `username` is its recipient (only they may mark it a favorite). */
export function receivedMessage(message: StoredMessage, username: string): StoredMessage {
  if (message.to !== username || !message.inInbox) throw new NotTheRecipient();
  return message;
}
