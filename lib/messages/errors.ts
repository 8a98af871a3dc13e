// What the messages service refuses, as domain errors (lib/domain-errors.ts).
import { ForbiddenError, NotFoundError } from "../domain-errors";

/** Unknown, deleted by the caller's side, or not the caller's: the id leaks nothing. */
export class MessageNotFound extends NotFoundError {
  constructor(id: string) {
    super(`message ${id} not found`);
  }
}

export class NotTheRecipient extends ForbiddenError {
  constructor() {
    super("only the recipient may mark a message as a favorite");
  }
}
