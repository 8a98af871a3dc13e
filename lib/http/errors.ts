// Errors of the HTTP layer itself: a body that is not JSON, input that fails validation,
// missing credentials, a body too large. Everything the domain refuses is a DomainError
// (lib/domain-errors.ts); json-errors.ts turns both into API.md's error body.

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

export class PayloadTooLarge extends HttpError {
  constructor(limitBytes: number) {
    super(413, "payload_too_large", `request bodies are limited to ${limitBytes} bytes`);
  }
}
