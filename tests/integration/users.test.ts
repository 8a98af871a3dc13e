// The users service and the authorizer, driven through the real gateway.
import { describe, expect, inject, it } from "vitest";
import {
  api,
  forgedCursor,
  invoke,
  invokeLocal,
  registerUser,
  uniqueUsername,
} from "../support/gateway";
import { eventually } from "../support/poll";

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe("POST /users", () => {
  it("registers a user: 201, Location, the profile with karma 0 and no password", async () => {
    const username = uniqueUsername("new");
    const response = await api("POST", "/users", {
      body: {
        username: username.toUpperCase(),
        email: `${username}@Example.com`,
        password: "secret123",
      },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toBe(`/users/${username}`);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.body).toEqual({
      username,
      email: `${username}@example.com`,
      karma: 0,
      createdAt: expect.stringMatching(ISO_TIME),
    });
  });

  const valid = { username: "valid_name", email: "valid@example.com", password: "long enough" };
  it.each([
    { description: "missing username", body: { ...valid, username: undefined }, field: "username" },
    { description: "short username", body: { ...valid, username: "ab" }, field: "username" },
    {
      description: "long username",
      body: { ...valid, username: "a".repeat(33) },
      field: "username",
    },
    {
      description: "username with symbols",
      body: { ...valid, username: "bad-name!" },
      field: "username",
    },
    { description: "reserved username", body: { ...valid, username: "me" }, field: "username" },
    { description: "username not a string", body: { ...valid, username: 42 }, field: "username" },
    { description: "invalid email", body: { ...valid, email: "not-an-email" }, field: "email" },
    { description: "missing email", body: { ...valid, email: undefined }, field: "email" },
    { description: "short password", body: { ...valid, password: "short" }, field: "password" },
    {
      description: "long password",
      body: { ...valid, password: "x".repeat(257) },
      field: "password",
    },
    { description: "unknown field", body: { ...valid, karma: 100 }, field: "" },
    { description: "array body", body: [valid], field: "body" },
  ])("400 validation_failed for $description", async ({ body, field }) => {
    const response = await api("POST", "/users", { body });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("validation_failed");
    const paths = response.body.error.issues.map((issue: { path: string }) => issue.path);
    if (field) expect(paths).toContain(field);
  });

  it("400 bad_request for malformed JSON, and 400 for an empty body", async () => {
    const malformed = await api("POST", "/users", { rawBody: '{"username": "x",' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("bad_request");
    const empty = await api("POST", "/users", { rawBody: "" });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe("validation_failed");
  });

  // A JSON string is covered by tests/unit/http/json-body.test.ts: serverless-offline strips
  // its quotes before the function sees it (API Gateway passes it on as sent).
  it.each([
    { description: "null", rawBody: "null" },
    { description: "a number", rawBody: "42" },
  ])("400 saying the body must be a JSON object for $description", async ({ rawBody }) => {
    const response = await api("POST", "/users", { rawBody });
    expect(response.status).toBe(400);
    expect(response.body.error.issues).toEqual([
      { path: "body", message: "the request body must be a JSON object" },
    ]);
  });

  it("413 for a body over 64 KiB", async () => {
    const response = await api("POST", "/users", {
      body: { ...valid, padding: "x".repeat(70_000) },
    });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe("payload_too_large");
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("409 for a taken username (any case) and for a taken email (any case)", async () => {
    const alice = await registerUser("dup");
    const sameName = await api("POST", "/users", {
      body: {
        username: alice.username.toUpperCase(),
        email: "other@example.com",
        password: "secret123",
      },
    });
    expect(sameName.status).toBe(409);
    expect(sameName.body.error.code).toBe("conflict");
    const sameEmail = await api("POST", "/users", {
      body: { username: uniqueUsername(), email: alice.email.toUpperCase(), password: "secret123" },
    });
    expect(sameEmail.status).toBe(409);
  });

  it("lets exactly one of many racing registrations take a username or an email", async () => {
    const username = uniqueUsername("race");
    const sameName = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        api("POST", "/users", {
          body: { username, email: `${username}.${i}@example.com`, password: "secret123" },
        }),
      ),
    );
    expect(sameName.map((r) => r.status).sort()).toEqual([201, ...Array(7).fill(409)]);

    const email = `${uniqueUsername("mail")}@example.com`;
    const sameEmail = await Promise.all(
      Array.from({ length: 8 }, () =>
        api("POST", "/users", {
          body: { username: uniqueUsername(), email, password: "secret123" },
        }),
      ),
    );
    expect(sameEmail.map((r) => r.status).sort()).toEqual([201, ...Array(7).fill(409)]);
  });
});

describe("GET /users/{username}", () => {
  it("returns the public profile, never the email", async () => {
    const user = await registerUser();
    const response = await api("GET", `/users/${user.username}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      username: user.username,
      karma: 0,
      createdAt: expect.stringMatching(ISO_TIME),
    });
  });

  it("404 for an unknown user, 400 for an impossible username", async () => {
    expect((await api("GET", `/users/${uniqueUsername("ghost")}`)).status).toBe(404);
    const invalid = await api("GET", "/users/a%21");
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe("validation_failed");
  });
});

describe("GET /users/me and the authorizer", () => {
  it("returns the caller's own profile with the email", async () => {
    const user = await registerUser();
    const response = await api("GET", "/users/me", { auth: user });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ username: user.username, email: user.email, karma: 0 });
  });

  it("accepts the username in any case", async () => {
    const user = await registerUser();
    const response = await api("GET", "/users/me", {
      auth: { username: user.username.toUpperCase(), password: user.password },
    });
    expect(response.status).toBe(200);
  });

  it.each([
    { description: "no credentials", headers: {} as Record<string, string> },
    {
      description: "an unknown user",
      headers: { Authorization: `Basic ${btoa("nobody_here:whatever1")}` },
    },
    { description: "a malformed header", headers: { Authorization: "Basic !!!" } },
    { description: "another scheme", headers: { Authorization: "Bearer abc" } },
  ])("401 with a Basic challenge for $description", async ({ headers }) => {
    const response = await api("GET", "/users/me", { headers });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Basic realm="agora"');
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("401 for a wrong password", async () => {
    const user = await registerUser();
    const response = await api("GET", "/users/me", {
      auth: { ...user, password: "wrong password" },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Basic realm="agora"');
  });
});

describe("GET /users", () => {
  it("lists users by prefix in username order, page by page", async () => {
    const prefix = uniqueUsername("list").slice(0, 12);
    const names = ["c", "a", "e", "b", "d"].map((suffix) => `${prefix}_${suffix}`);
    for (const username of names) {
      await api("POST", "/users", {
        body: { username, email: `${username}@example.com`, password: "secret123" },
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `q=${prefix}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await api("GET", `/users?${query}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      for (const item of page.body.items)
        expect(item).toEqual({ username: item.username, karma: 0 });
      seen.push(...page.body.items.map((item: { username: string }) => item.username));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...names].sort());
  });

  it("400 for a cursor issued to another search", async () => {
    const prefix = uniqueUsername("cur").slice(0, 12);
    for (const suffix of ["a", "b"]) {
      const username = `${prefix}_${suffix}`;
      await api("POST", "/users", {
        body: { username, email: `${username}@example.com`, password: "secret123" },
      });
    }
    const page = await api("GET", `/users?q=${prefix}&limit=1`);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const elsewhere = await api("GET", `/users?q=${prefix}_b&cursor=${page.body.nextCursor}`);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.code).toBe("bad_request");
  });

  it("lists everyone without q", async () => {
    const response = await api("GET", "/users?limit=100");
    expect(response.status).toBe(200);
    const usernames = response.body.items.map((item: { username: string }) => item.username);
    expect(usernames).toEqual([...usernames].sort());
    expect(usernames.length).toBeGreaterThan(0);
  });

  it.each([
    { query: "limit=0", description: "a zero limit" },
    { query: "limit=101", description: "a limit over 100" },
    { query: "limit=ten", description: "a non-numeric limit" },
    { query: "q=bad-prefix!", description: "an impossible prefix" },
    { query: "cursor=not-a-cursor", description: "a garbage cursor" },
    {
      query: `cursor=${forgedCursor({ pk: "", directory: "users", username: "" })}`,
      description: "a hand-made cursor of the index's own shape",
    },
    {
      query: `cursor=${forgedCursor({ list: "users?q=", position: { pk: "USER#a", directory: "users", username: "a" } })}.AAAAAAAAAAAAAAAAAAAAAA`,
      description: "a hand-made cursor with a made-up signature",
    },
  ])("400 for $description", async ({ query }) => {
    const response = await api("GET", `/users?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toMatch(/^(validation_failed|bad_request)$/);
  });
});

describe("PATCH /users/{username}", () => {
  it("changes the caller's email, frees the old one and claims the new one", async () => {
    const user = await registerUser();
    const newEmail = `${uniqueUsername("new")}@example.com`;
    const response = await api("PATCH", `/users/${user.username}`, {
      auth: user,
      body: { email: newEmail },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ username: user.username, email: newEmail });
    expect((await api("GET", "/users/me", { auth: user })).body.email).toBe(newEmail);

    const reuseOld = await api("POST", "/users", {
      body: { username: uniqueUsername(), email: user.email, password: "secret123" },
    });
    expect(reuseOld.status).toBe(201);
  });

  it("403 for another user's profile, 409 for a taken email, 400 for a bad one", async () => {
    const [alice, bob] = await Promise.all([registerUser(), registerUser()]);
    const other = await api("PATCH", `/users/${bob.username}`, {
      auth: alice,
      body: { email: "mine@example.com" },
    });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe("forbidden");

    const taken = await api("PATCH", `/users/${alice.username}`, {
      auth: alice,
      body: { email: bob.email },
    });
    expect(taken.status).toBe(409);

    const invalid = await api("PATCH", `/users/${alice.username}`, {
      auth: alice,
      body: { email: "nope" },
    });
    expect(invalid.status).toBe(400);
    expect((await api("GET", "/users/me", { auth: alice })).body.email).toBe(alice.email);
  });

  it("401 without credentials", async () => {
    const user = await registerUser();
    const response = await api("PATCH", `/users/${user.username}`, { body: { email: "a@b.co" } });
    expect(response.status).toBe(401);
  });
});

describe("DELETE /users/{username}", () => {
  it("deactivates the caller: hidden, credentials refused within 5 s, name reserved", async () => {
    const user = await registerUser("bye");
    const other = await registerUser();
    expect((await api("DELETE", `/users/${other.username}`, { auth: user })).status).toBe(403);

    const response = await api("DELETE", `/users/${user.username}`, { auth: user });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ username: user.username, active: false });

    expect((await api("GET", `/users/${user.username}`)).status).toBe(404);
    const listed = await api("GET", `/users?q=${user.username}`);
    expect(listed.body.items).toEqual([]);

    // The authorizer trusts verified credentials for up to 60 s (the stack's TTL): refusing
    // them sooner shows that a deactivation does not wait for the cache to expire.
    expect(inject("authCacheTtlSeconds")).toBeGreaterThan(5);
    await eventually(
      "the credentials refused",
      async () =>
        (await api("GET", "/users/me", { auth: user })).status === 401 ? true : undefined,
      { timeoutMs: 5000 },
    );

    const again = await api("POST", "/users", {
      body: { username: user.username, email: "fresh@example.com", password: "secret123" },
    });
    expect(again.status).toBe(409);
  });
});

describe("users-adjustKarma (internal)", () => {
  it("adjusts karma by Lambda Invoke", async () => {
    const user = await registerUser();
    const up = await invoke("users-adjustKarma", { username: user.username, delta: 5 });
    expect(up.result).toEqual({ username: user.username, karma: 5 });
    const down = await invoke("users-adjustKarma", { username: user.username, delta: -2 });
    expect(down.result).toEqual({ username: user.username, karma: 3 });
    expect((await api("GET", `/users/${user.username}`)).body.karma).toBe(3);
  });

  it("runs with `serverless invoke local` against the running stack", async () => {
    const user = await registerUser();
    const result = await invokeLocal("users-adjustKarma", { username: user.username, delta: 7 });
    expect(result).toEqual({ username: user.username, karma: 7 });
    expect((await api("GET", `/users/${user.username}`)).body.karma).toBe(7);
  });

  it("fails for an unknown user or a bad payload, changing nothing", async () => {
    const unknown = await invoke("users-adjustKarma", { username: uniqueUsername(), delta: 1 });
    expect(unknown.functionError).toBeDefined();
    const bad = await invoke("users-adjustKarma", { username: "x", delta: "lots" });
    expect(bad.functionError).toBeDefined();
  });

  it.each([
    ["POST", "/users-adjustKarma"],
    ["POST", "/users/adjustKarma"],
    ["POST", "/adjustKarma"],
    ["PUT", "/users"],
  ])("has no HTTP route: %s %s is not found", async (method, path) => {
    const response = await api(method, path, { body: { username: "x", delta: 1 } });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe("not_found");
  });
});

describe("every response", () => {
  it("is JSON in Agora's error shape, including the gateway's own errors", async () => {
    const unknown = await api("GET", "/no/such/route");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toMatch(/^application\/json/);
    expect(unknown.body).toEqual({ error: { code: "not_found", message: "no such route" } });

    const noCredentials = await api("GET", "/users/me");
    expect(noCredentials.body).toEqual({
      error: { code: "unauthorized", message: "credentials are missing or wrong" },
    });
  });
});
