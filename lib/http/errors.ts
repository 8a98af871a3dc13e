// Typed HTTP errors: domain code throws these, and json-errors.ts turns them into
// API.md's error body. Anything else that escapes a handler is a 500.

export interface FieldIssue {
  path: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequest extends HttpError {
  constructor(message: string, code = "bad_request") {
    super(400, code, message);
  }
}

export class ValidationFailed extends HttpError {
  constructor(issues: FieldIssue[]) {
    super(400, "validation_failed", "the request is not valid", issues);
  }
}

export class Unauthorized extends HttpError {
  constructor(message = "credentials are missing or wrong") {
    super(401, "unauthorized", message);
  }
}

export class Forbidden extends HttpError {
  constructor(message: string) {
    super(403, "forbidden", message);
  }
}

export class NotFound extends HttpError {
  constructor(message: string) {
    super(404, "not_found", message);
  }
}

export class Conflict extends HttpError {
  constructor(message: string) {
    super(409, "conflict", message);
  }
}

export class PayloadTooLarge extends HttpError {
  constructor(limitBytes: number) {
    super(413, "payload_too_large", `request bodies are limited to ${limitBytes} bytes`);
  }
}

export class Unavailable extends HttpError {
  constructor(message: string) {
    super(503, "unavailable", message);
  }
}
