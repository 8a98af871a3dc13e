// The messages store: what the messages service needs from its data. The DynamoDB adapter
// is dynamodb-store.ts; composition-root.ts wires the one in use.
//
// Access patterns (MessagesTable, one item per message, key `pk` = MSG#<id>; the listing
// indexes sort by `recency` = <sentAt>#<id>):
// - a message by id                 GetItem, strongly consistent
// - a user's inbox, newest first    sparse GSI inbox-index (inbox, recency); `inbox` holds
//                                    the recipient until the recipient deletes the message
// - a user's sent box, newest first sparse GSI sent-index (sentBox, recency); `sentBox`
//                                    holds the sender until the sender deletes it
// A delete removes the caller's attribute, so the message leaves that box only; the item is
// deleted once neither attribute is left.
import type { NewestFirstPosition } from "../dynamodb/newest-first";
import type { Box, Message, StoredMessage } from "./model";

export interface MessagesStore {
  send(message: Message): Promise<void>;
  get(id: string): Promise<StoredMessage | undefined>;
  /** Removes the message from `username`'s boxes; deletes it when no box keeps it. */
  removeFromBoxesOf(message: StoredMessage, username: string): Promise<void>;
  /** Sets the favorite flag while the recipient keeps the message; MessageNotFound if not. */
  setFavorite(id: string, favorite: boolean): Promise<StoredMessage>;
  list(
    box: Box,
    username: string,
    limit: number,
    after?: NewestFirstPosition,
  ): Promise<{ items: Message[]; last?: NewestFirstPosition }>;
}
