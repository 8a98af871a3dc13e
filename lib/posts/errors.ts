// What the posts service refuses, as domain errors (lib/domain-errors.ts).
import { ForbiddenError, NotFoundError } from "../domain-errors";

export class PostNotFound extends NotFoundError {
  constructor(id: string) {
    super(`post ${id} not found`);
  }
}

/** Someone other than the author deleting a post. */
export class NotYourPost extends ForbiddenError {
  constructor() {
    super("only the author may delete a post");
  }
}
