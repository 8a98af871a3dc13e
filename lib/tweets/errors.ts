// What the microblog refuses, as domain errors (lib/domain-errors.ts).
import { ConflictError, ForbiddenError, NotFoundError, UnavailableError } from "../domain-errors";

export class TweetNotFound extends NotFoundError {
  constructor(id: string) {
    super(`tweet ${id} not found`);
  }
}

/** A caller editing or deleting someone else's tweet. */
export class NotYourTweet extends ForbiddenError {
  constructor(action: string) {
    super(`you can only ${action} your own tweets`);
  }
}

/** The tweet changed between reading and writing it; the caller may try again. */
export class TweetChanged extends ConflictError {
  constructor(id: string) {
    super(`tweet ${id} changed meanwhile; try again`);
  }
}

/** The like buffer cannot count a like now. */
export class LikesUnavailable extends UnavailableError {
  constructor() {
    super("likes cannot be counted now; try again shortly");
  }
}
