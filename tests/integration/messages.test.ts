// Private messages through the gateway: send, read, per-side delete, favorite, and the
// inbox and sent box newest first in pages. Anyone but the two sides gets 404.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Message } from "../../lib/messages/model";
import { api, type Credentials, registerUser } from "../support/gateway";

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

async function send(from: Credentials, to: Credentials, contents = "hi"): Promise<Message> {
  const response = await api("POST", "/messages", {
    auth: from,
    body: { to: to.username, contents },
  });
  if (response.status !== 201) throw new Error(`send failed: ${response.status}`);
  return response.body as Message;
}

async function box(owner: Credentials, which: "inbox" | "sent", limit = 100): Promise<string[]> {
  const response = await api("GET", `/messages?box=${which}&limit=${limit}`, { auth: owner });
  expect(response.status).toBe(200);
  return response.body.items.map((message: Message) => message.id);
}

let alice: Credentials;
let bob: Credentials;
let eve: Credentials;
beforeAll(async () => {
  [alice, bob, eve] = await Promise.all([
    registerUser("alice"),
    registerUser("bob"),
    registerUser("eve"),
  ]);
});

describe("POST /messages", () => {
  it("sends: 201, Location, the message, in the sender's sent box and the recipient's inbox", async () => {
    const response = await api("POST", "/messages", {
      auth: alice,
      body: { to: bob.username.toUpperCase(), contents: "Hello Bob" },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toBe(`/messages/${response.body.id}`);
    expect(response.body).toEqual({
      id: expect.any(String),
      from: alice.username,
      to: bob.username,
      contents: "Hello Bob",
      sentAt: expect.stringMatching(ISO_TIME),
      favorite: false,
    });
    expect(await box(bob, "inbox")).toContain(response.body.id);
    expect(await box(alice, "sent")).toContain(response.body.id);
    expect(await box(alice, "inbox")).not.toContain(response.body.id);
  });

  it.each([
    { description: "missing to", body: { contents: "x" }, field: "to" },
    { description: "bad to", body: { to: "a!", contents: "x" }, field: "to" },
    { description: "empty contents", body: { to: "someone", contents: "" }, field: "contents" },
    {
      description: "long contents",
      body: { to: "someone", contents: "x".repeat(10_001) },
      field: "contents",
    },
    { description: "unknown field", body: { to: "someone", contents: "x", from: "z" }, field: "" },
  ])("400 validation_failed for $description", async ({ body, field }) => {
    const response = await api("POST", "/messages", { auth: alice, body });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("validation_failed");
    const paths = response.body.error.issues.map((issue: { path: string }) => issue.path);
    if (field) expect(paths).toContain(field);
  });

  it("404 for an unknown or deactivated recipient, 401 without credentials", async () => {
    const unknown = await api("POST", "/messages", {
      auth: alice,
      body: { to: "nobody_here_at_all", contents: "x" },
    });
    expect(unknown.status).toBe(404);
    const gone = await registerUser("gone");
    expect((await api("DELETE", `/users/${gone.username}`, { auth: gone })).status).toBe(200);
    const deactivated = await api("POST", "/messages", {
      auth: alice,
      body: { to: gone.username, contents: "x" },
    });
    expect(deactivated.status).toBe(404);
    const anonymous = await api("POST", "/messages", { body: { to: bob.username, contents: "x" } });
    expect(anonymous.status).toBe(401);
  });
});

describe("GET /messages/{id}", () => {
  it("shows the message to both sides and 404 to anyone else", async () => {
    const message = await send(alice, bob, "private");
    for (const reader of [alice, bob]) {
      const response = await api("GET", `/messages/${message.id}`, { auth: reader });
      expect(response.status).toBe(200);
      expect(response.body).toEqual(message);
    }
    const snoop = await api("GET", `/messages/${message.id}`, { auth: eve });
    expect(snoop.status).toBe(404);
    expect((await api("GET", `/messages/${randomUUID()}`, { auth: eve })).status).toBe(404);
    expect((await api("GET", `/messages/${message.id}`)).status).toBe(401);
    expect((await api("GET", "/messages/not-an-id", { auth: alice })).status).toBe(400);
  });
});

describe("DELETE /messages/{id}", () => {
  it("is per side: the recipient's delete leaves the sender's copy, both make it gone", async () => {
    const message = await send(alice, bob);
    expect((await api("DELETE", `/messages/${message.id}`, { auth: eve })).status).toBe(404);

    const byBob = await api("DELETE", `/messages/${message.id}`, { auth: bob });
    expect(byBob.status).toBe(200);
    expect(byBob.body).toEqual({ id: message.id, deleted: true });
    expect(await box(bob, "inbox")).not.toContain(message.id);
    expect((await api("GET", `/messages/${message.id}`, { auth: bob })).status).toBe(404);
    expect((await api("DELETE", `/messages/${message.id}`, { auth: bob })).status).toBe(404);
    expect(await box(alice, "sent")).toContain(message.id);
    expect((await api("GET", `/messages/${message.id}`, { auth: alice })).status).toBe(200);

    expect((await api("DELETE", `/messages/${message.id}`, { auth: alice })).status).toBe(200);
    expect(await box(alice, "sent")).not.toContain(message.id);
    expect((await api("GET", `/messages/${message.id}`, { auth: alice })).status).toBe(404);
  });

  it("by the sender leaves the recipient's copy", async () => {
    const message = await send(bob, alice);
    expect((await api("DELETE", `/messages/${message.id}`, { auth: bob })).status).toBe(200);
    expect(await box(bob, "sent")).not.toContain(message.id);
    expect(await box(alice, "inbox")).toContain(message.id);
  });
});

describe("PUT /messages/{id}/favorite", () => {
  it("lets the recipient mark and unmark; 403 for the sender, 404 for anyone else", async () => {
    const message = await send(alice, bob);
    const marked = await api("PUT", `/messages/${message.id}/favorite`, {
      auth: bob,
      body: { favorite: true },
    });
    expect(marked.status).toBe(200);
    expect(marked.body).toEqual({ ...message, favorite: true });
    expect((await api("GET", `/messages/${message.id}`, { auth: alice })).body.favorite).toBe(true);
    const unmarked = await api("PUT", `/messages/${message.id}/favorite`, {
      auth: bob,
      body: { favorite: false },
    });
    expect(unmarked.body.favorite).toBe(false);

    const bySender = await api("PUT", `/messages/${message.id}/favorite`, {
      auth: alice,
      body: { favorite: true },
    });
    expect(bySender.status).toBe(403);
    const byOther = await api("PUT", `/messages/${message.id}/favorite`, {
      auth: eve,
      body: { favorite: true },
    });
    expect(byOther.status).toBe(404);
    const invalid = await api("PUT", `/messages/${message.id}/favorite`, {
      auth: bob,
      body: { favorite: "yes" },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.issues[0].path).toBe("favorite");
  });
});

describe("GET /messages", () => {
  it("pages the inbox newest first without duplicates or gaps", async () => {
    const reader = await registerUser("reader");
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) sent.push((await send(i % 2 ? alice : bob, reader, `m${i}`)).id);
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const page = await api("GET", `/messages?box=inbox&limit=2${query}`, { auth: reader });
      expect(page.status).toBe(200);
      ids.push(...page.body.items.map((message: Message) => message.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(ids).toEqual([...sent].reverse());
  });

  it("400 for a bad box, a bad limit, or another user's cursor; 401 without credentials", async () => {
    expect((await api("GET", "/messages?box=trash", { auth: alice })).status).toBe(400);
    expect((await api("GET", "/messages?limit=500", { auth: alice })).status).toBe(400);
    await send(eve, alice);
    await send(eve, alice);
    const page = await api("GET", "/messages?box=inbox&limit=1", { auth: alice });
    const stolen = await api(
      "GET",
      `/messages?box=inbox&cursor=${encodeURIComponent(page.body.nextCursor)}`,
      { auth: bob },
    );
    expect(stolen.status).toBe(400);
    expect((await api("GET", "/messages")).status).toBe(401);
  });
});
