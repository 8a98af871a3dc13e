// The microblog's tweets, search and hashtags, driven through the real gateway.
import { randomBytes, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { api, type Credentials, forgedCursor, registerUser } from "../support/gateway";

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** A word no other test uses, so searches see only this test's tweets. */
const uniqueWord = (prefix = "w") => `${prefix}${randomBytes(4).toString("hex")}`;

let alice: Credentials;
let bob: Credentials;

beforeAll(async () => {
  [alice, bob] = await Promise.all([registerUser("alice"), registerUser("bob")]);
});

async function post(text: string, auth: Credentials = alice) {
  const response = await api("POST", "/tweets", { auth, body: { text } });
  expect(response.status).toBe(201);
  return response.body as { id: string; text: string; hashtags: string[] };
}

const ids = (response: { body: { items: { id: string }[] } }) =>
  response.body.items.map((tweet) => tweet.id);

describe("POST /tweets", () => {
  it("201 with Location, the tweet, its hashtags and no likes", async () => {
    const response = await api("POST", "/tweets", {
      auth: alice,
      body: { text: "  Hello #Serverless world #AWS #serverless  " },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toBe(`/tweets/${response.body.id}`);
    expect(response.body).toEqual({
      id: expect.any(String),
      username: alice.username,
      text: "Hello #Serverless world #AWS #serverless",
      hashtags: ["serverless", "aws"],
      likes: 0,
      createdAt: expect.stringMatching(ISO_TIME),
    });
  });

  it.each([
    { description: "empty text", body: { text: "   " } },
    { description: "text over 280 characters", body: { text: "x".repeat(281) } },
    { description: "missing text", body: {} },
    { description: "an unknown field", body: { text: "hi", username: "someone_else" } },
  ])("400 validation_failed for $description", async ({ body }) => {
    const response = await api("POST", "/tweets", { auth: alice, body });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("validation_failed");
  });

  it("401 without credentials", async () => {
    const response = await api("POST", "/tweets", { body: { text: "hi" } });
    expect(response.status).toBe(401);
  });
});

describe("GET /tweets/{id}", () => {
  it("200 the tweet", async () => {
    const tweet = await post("read me");
    const response = await api("GET", `/tweets/${tweet.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: tweet.id, text: "read me", likes: 0 });
  });

  it("404 for an unknown id, 400 for a malformed one", async () => {
    expect((await api("GET", `/tweets/${randomUUID()}`)).status).toBe(404);
    const malformed = await api("GET", "/tweets/not-an-id");
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("validation_failed");
  });
});

describe("PATCH /tweets/{id}", () => {
  it("the author edits: 200, editedAt set, hashtags derived again", async () => {
    const tweet = await post("first #draft");
    const response = await api("PATCH", `/tweets/${tweet.id}`, {
      auth: alice,
      body: { text: "final #Done" },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: tweet.id,
      text: "final #Done",
      hashtags: ["done"],
      editedAt: expect.stringMatching(ISO_TIME),
    });
    expect((await api("GET", `/tweets/${tweet.id}`)).body.text).toBe("final #Done");
  });

  it("403 for another user, 404 for an unknown tweet, 400 for bad text, 401 without credentials", async () => {
    const tweet = await post("mine");
    const other = await api("PATCH", `/tweets/${tweet.id}`, { auth: bob, body: { text: "x" } });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe("forbidden");
    const unknown = await api("PATCH", `/tweets/${randomUUID()}`, {
      auth: alice,
      body: { text: "x" },
    });
    expect(unknown.status).toBe(404);
    const bad = await api("PATCH", `/tweets/${tweet.id}`, { auth: alice, body: { text: "" } });
    expect(bad.status).toBe(400);
    expect((await api("PATCH", `/tweets/${tweet.id}`, { body: { text: "x" } })).status).toBe(401);
    expect((await api("GET", `/tweets/${tweet.id}`)).body.text).toBe("mine");
  });
});

describe("DELETE /tweets/{id}", () => {
  it("the author deletes: 200, then 404", async () => {
    const tweet = await post("short-lived");
    const response = await api("DELETE", `/tweets/${tweet.id}`, { auth: alice });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: tweet.id, deleted: true });
    expect((await api("GET", `/tweets/${tweet.id}`)).status).toBe(404);
    expect((await api("DELETE", `/tweets/${tweet.id}`, { auth: alice })).status).toBe(404);
  });

  it("403 for another user, 401 without credentials", async () => {
    const tweet = await post("keep me");
    expect((await api("DELETE", `/tweets/${tweet.id}`, { auth: bob })).status).toBe(403);
    expect((await api("DELETE", `/tweets/${tweet.id}`)).status).toBe(401);
    expect((await api("GET", `/tweets/${tweet.id}`)).status).toBe(200);
  });
});

describe("GET /tweets", () => {
  it("lists one user's tweets newest first, page by page", async () => {
    const author = await registerUser("pages");
    const posted: string[] = [];
    for (let i = 0; i < 5; i++) posted.push((await post(`tweet ${i}`, author)).id);
    const first = await api("GET", `/tweets?username=${author.username}&limit=3`);
    expect(first.status).toBe(200);
    expect(ids(first)).toEqual(posted.slice(2).reverse());
    const second = await api(
      "GET",
      `/tweets?username=${author.username}&limit=3&cursor=${first.body.nextCursor}`,
    );
    expect(ids(second)).toEqual(posted.slice(0, 2).reverse());
    expect(second.body.nextCursor).toBeNull();
  });

  it("lists every tweet newest first, across the recency shards, without gaps", async () => {
    const posted: string[] = [];
    for (let i = 0; i < 12; i++) posted.push((await post(`everyone ${i}`, bob)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : "";
      const page = await api("GET", `/tweets?limit=7${query}`);
      expect(page.status).toBe(200);
      seen.push(...ids(page));
      cursor = page.body.nextCursor;
    } while (cursor && !posted.every((id) => seen.includes(id)));
    const order = seen.filter((id) => posted.includes(id));
    expect(order).toEqual([...posted].reverse());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("400 for a bad username, a bad limit or a forged cursor", async () => {
    expect((await api("GET", "/tweets?username=x")).status).toBe(400);
    expect((await api("GET", "/tweets?limit=0")).status).toBe(400);
    const forged = forgedCursor({ list: "tweets", position: { before: "z" } });
    expect((await api("GET", `/tweets?cursor=${forged}`)).status).toBe(400);
  });
});

describe("GET /tweets/search", () => {
  it("finds tweets holding every word, case-insensitively, newest first", async () => {
    const [a, b] = [uniqueWord(), uniqueWord()];
    const both = await post(`${a.toUpperCase()} and ${b}`);
    const onlyA = await post(`just ${a}`);
    const bothLater = await post(`${b}, then ${a}!`, bob);
    const response = await api("GET", `/tweets/search?q=${a}%20${b.toUpperCase()}`);
    expect(response.status).toBe(200);
    expect(ids(response)).toEqual([bothLater.id, both.id]);
    expect(ids(await api("GET", `/tweets/search?q=${a}`))).toEqual([
      bothLater.id,
      onlyA.id,
      both.id,
    ]);
  });

  it("stays exact after an edit and a delete", async () => {
    const [old, fresh] = [uniqueWord(), uniqueWord()];
    const tweet = await post(`about ${old}`);
    const gone = await post(`also ${old}`);
    await api("PATCH", `/tweets/${tweet.id}`, { auth: alice, body: { text: `now ${fresh}` } });
    await api("DELETE", `/tweets/${gone.id}`, { auth: alice });
    expect(ids(await api("GET", `/tweets/search?q=${old}`))).toEqual([]);
    expect(ids(await api("GET", `/tweets/search?q=${fresh}`))).toEqual([tweet.id]);
  });

  it("pages through many matches", async () => {
    const word = uniqueWord();
    const posted: string[] = [];
    for (let i = 0; i < 5; i++) posted.push((await post(`${word} ${i}`)).id);
    const first = await api("GET", `/tweets/search?q=${word}&limit=2`);
    const second = await api(
      "GET",
      `/tweets/search?q=${word}&limit=2&cursor=${first.body.nextCursor}`,
    );
    const third = await api(
      "GET",
      `/tweets/search?q=${word}&limit=2&cursor=${second.body.nextCursor}`,
    );
    expect([...ids(first), ...ids(second), ...ids(third)]).toEqual([...posted].reverse());
    expect(third.body.nextCursor).toBeNull();
  });

  it("400 without words", async () => {
    expect((await api("GET", "/tweets/search")).status).toBe(400);
    expect((await api("GET", "/tweets/search?q=%20!!%20")).status).toBe(400);
  });
});

describe("hashtags", () => {
  it("GET /hashtags?q=prefix counts the tweets of each tag, kept exact on edit and delete", async () => {
    const stem = uniqueWord("t");
    const one = await post(`#${stem}a and #${stem}B`);
    await post(`#${stem}a again`, bob);
    const counts = async () => (await api("GET", `/hashtags?q=%23${stem}`)).body.items;
    expect(await counts()).toEqual([
      { tag: `${stem}a`, count: 2 },
      { tag: `${stem}b`, count: 1 },
    ]);
    await api("PATCH", `/tweets/${one.id}`, { auth: alice, body: { text: `#${stem}c only` } });
    expect(await counts()).toEqual([
      { tag: `${stem}a`, count: 1 },
      { tag: `${stem}c`, count: 1 },
    ]);
    await api("DELETE", `/tweets/${one.id}`, { auth: alice });
    expect(await counts()).toEqual([{ tag: `${stem}a`, count: 1 }]);
  });

  it("GET /hashtags/{tag}/tweets lists the tag's tweets newest first", async () => {
    const tag = uniqueWord("h");
    const first = await post(`#${tag} one`);
    const second = await post(`two #${tag.toUpperCase()}`, bob);
    await post(`no tag ${tag}`);
    const response = await api("GET", `/hashtags/${tag}/tweets`);
    expect(response.status).toBe(200);
    expect(ids(response)).toEqual([second.id, first.id]);
    await api("PATCH", `/tweets/${first.id}`, { auth: alice, body: { text: "untagged" } });
    expect(ids(await api("GET", `/hashtags/${tag}/tweets`))).toEqual([second.id]);
  });

  it("400 without a prefix", async () => {
    expect((await api("GET", "/hashtags")).status).toBe(400);
    expect((await api("GET", "/hashtags?q=%23")).status).toBe(400);
  });
});
