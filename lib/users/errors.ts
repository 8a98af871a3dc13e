// What the users service refuses, as domain errors (lib/domain-errors.ts).
import { ConflictError, ForbiddenError, NotFoundError } from "../domain-errors";

export class UserNotFound extends NotFoundError {
  constructor(username: string) {
    super(`user ${username} not found`);
  }
}

export class UsernameTaken extends ConflictError {
  constructor(username: string) {
    super(`the username ${username} is taken`);
  }
}

export class EmailTaken extends ConflictError {
  constructor() {
    super("that email address is already registered");
  }
}

/** The profile changed between reading and writing it; the caller may try again. */
export class ProfileChanged extends ConflictError {
  constructor() {
    super("the profile changed meanwhile; try again");
  }
}

/** A caller acting on another user's account. */
export class NotYourAccount extends ForbiddenError {}
