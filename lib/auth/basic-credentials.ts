// Parses an HTTP Basic Authorization header (RFC 7617) into a username and password.

export interface BasicCredentials {
  username: string;
  password: string;
}

/** Returns undefined for a missing or malformed header rather than throwing. */
export function parseBasicAuthorization(header: string | undefined): BasicCredentials | undefined {
  const match = header?.match(/^Basic[ ]+([A-Za-z0-9+/]+={0,2})[ ]*$/i);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0) return undefined;
  return { username: decoded.slice(0, colon).toLowerCase(), password: decoded.slice(colon + 1) };
}
