// Errors of the domain, by kind. Stores, domain modules and handlers throw subclasses that
// name what went wrong (UserNotFound, GameOver); only lib/http/json-errors.ts decides which
// HTTP status each kind becomes, so an internal function never "throws a 404".

export type DomainErrorKind = "invalid" | "not_found" | "forbidden" | "conflict" | "unavailable";

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;

  constructor(
    message: string,
    /** API.md's error code when it is more specific than the kind's (e.g. `invalid_word`). */
    readonly code?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request is well-formed but the domain refuses it (a word not in the dictionary). */
export abstract class InvalidRequest extends DomainError {
  readonly kind = "invalid";
}

export abstract class NotFoundError extends DomainError {
  readonly kind = "not_found";
}

/** The caller is known but may not do this (another user's game). */
export abstract class ForbiddenError extends DomainError {
  readonly kind = "forbidden";
}

/** The request collides with the current state (a taken username, a finished game). */
export abstract class ConflictError extends DomainError {
  readonly kind = "conflict";
}

/** A store the service needs cannot answer now; the caller may retry. */
export abstract class UnavailableError extends DomainError {
  readonly kind = "unavailable";
}
