// Whether a message can be addressed to a user. The messages service reads the users store
// (the users service's own code, a strongly consistent GetItem) instead of keeping a copy of
// the known users: a deactivation must stop new messages at once, and a copy would need an
// event stream from the users service that does not exist yet. It only ever reads.
import { usersStore } from "../users/composition-root";
import { activeUser } from "../users/model";

/** Resolves if `username` exists and is active; UserNotFound (404) otherwise. */
export async function requireRecipient(username: string): Promise<void> {
  activeUser(await usersStore.get(username), username);
}
