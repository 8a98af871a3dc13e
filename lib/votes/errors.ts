// What the votes service refuses, as domain errors (lib/domain-errors.ts).
import { NotFoundError, UnavailableError } from "../domain-errors";

/** A vote on a post the votes service has heard was deleted. */
export class PostDeleted extends NotFoundError {
  constructor(postId: string) {
    super(`post ${postId} not found`);
  }
}

export class VotesUnavailable extends UnavailableError {
  constructor() {
    super("votes are unavailable; try again shortly");
  }
}
