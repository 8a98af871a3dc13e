// Checks the bearer token of a request against the node's secret, in constant time: both sides
// are hashed to equal lengths first, so neither the secret's length nor its prefix leaks.
import { createHash, timingSafeEqual } from "node:crypto";

/** A check of `Authorization` headers against `secret`. */
export function bearerTokenCheck(secret: string): (authorization: string | undefined) => boolean {
  const expected = digest(secret);
  return (authorization) => {
    const token = /^Bearer (\S+)$/.exec(authorization ?? "")?.[1];
    const matches = timingSafeEqual(digest(token ?? ""), expected);
    return token !== undefined && matches;
  };
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}
