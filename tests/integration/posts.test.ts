// The posts service through the gateway: create, read, list newest first (all, per
// community, per author) with stable cursors, and delete by the author only.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createPost, uniqueCommunity } from "../support/forum";
import {
  type ApiResponse,
  api,
  type Credentials,
  forgedCursor,
  registerUser,
} from "../support/gateway";

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

interface Summary {
  id: string;
  title: string;
  community: string;
  username: string;
  createdAt: string;
}

/** Every page of a listing, following nextCursor. */
async function allPages(path: string, limit: number): Promise<Summary[][]> {
  const pages: Summary[][] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes("?") ? "&" : "?";
    const query: string = `${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const response: ApiResponse<{ items: Summary[]; nextCursor: string | null }> = await api(
      "GET",
      `${path}${query}`,
    );
    expect(response.status).toBe(200);
    pages.push(response.body.items);
    cursor = response.body.nextCursor;
  } while (cursor !== null);
  return pages;
}

let alice: Credentials;
let bob: Credentials;
beforeAll(async () => {
  [alice, bob] = await Promise.all([registerUser("alice"), registerUser("bob")]);
});

describe("POST /posts", () => {
  it("creates a post: 201, Location, the full post with the caller as author", async () => {
    const community = uniqueCommunity();
    const response = await api("POST", "/posts", {
      auth: alice,
      body: {
        title: "Hello",
        text: "First!",
        community: community.toUpperCase(),
        url: "https://example.com/a?b=c",
      },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toBe(`/posts/${response.body.id}`);
    expect(response.body).toEqual({
      id: expect.any(String),
      title: "Hello",
      text: "First!",
      community,
      url: "https://example.com/a?b=c",
      username: alice.username,
      createdAt: expect.stringMatching(ISO_TIME),
    });
  });

  it("takes a post without url (null) or text (empty)", async () => {
    const post = await createPost(alice, { community: uniqueCommunity(), text: undefined });
    expect(post).toMatchObject({ url: null, text: "" });
  });

  const valid = { title: "t", text: "x", community: "cats" };
  it.each([
    { description: "missing title", body: { ...valid, title: undefined }, field: "title" },
    { description: "empty title", body: { ...valid, title: "  " }, field: "title" },
    { description: "long title", body: { ...valid, title: "t".repeat(301) }, field: "title" },
    { description: "long text", body: { ...valid, text: "x".repeat(40_001) }, field: "text" },
    { description: "text not a string", body: { ...valid, text: 5 }, field: "text" },
    {
      description: "missing community",
      body: { ...valid, community: undefined },
      field: "community",
    },
    { description: "short community", body: { ...valid, community: "ab" }, field: "community" },
    { description: "community symbols", body: { ...valid, community: "c-ts" }, field: "community" },
    { description: "relative url", body: { ...valid, url: "/a/b" }, field: "url" },
    { description: "ftp url", body: { ...valid, url: "ftp://example.com/x" }, field: "url" },
    { description: "javascript url", body: { ...valid, url: "javascript:alert(1)" }, field: "url" },
    { description: "unknown field", body: { ...valid, username: "mallory" }, field: "" },
    { description: "array body", body: [valid], field: "body" },
  ])("400 validation_failed for $description", async ({ body, field }) => {
    const response = await api("POST", "/posts", { auth: alice, body });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("validation_failed");
    const paths = response.body.error.issues.map((issue: { path: string }) => issue.path);
    if (field) expect(paths).toContain(field);
  });

  it("401 without credentials or with a wrong password", async () => {
    expect((await api("POST", "/posts", { body: valid })).status).toBe(401);
    const wrong = { username: alice.username, password: "not the password" };
    expect((await api("POST", "/posts", { auth: wrong, body: valid })).status).toBe(401);
  });
});

describe("GET /posts/{id}", () => {
  it("returns the full post to anyone", async () => {
    const post = await createPost(alice, { community: uniqueCommunity(), url: "http://a.io/" });
    const response = await api("GET", `/posts/${post.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(post);
  });

  it("404 for an unknown id, 400 for an id that is not one", async () => {
    const unknown = await api("GET", `/posts/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("not_found");
    const malformed = await api("GET", "/posts/not-an-id");
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.issues[0].path).toBe("id");
  });
});

describe("GET /posts", () => {
  it("lists one community newest first, in pages without duplicates or gaps", async () => {
    const community = uniqueCommunity();
    const created: string[] = [];
    for (let i = 0; i < 7; i++) {
      created.push((await createPost(i % 2 ? bob : alice, { community, title: `p${i}` })).id);
    }
    const first = await api("GET", `/posts?community=${community}&limit=3`);
    expect(first.body.items).toHaveLength(3);
    expect(Object.keys(first.body.items[0]).sort()).toEqual(
      ["community", "createdAt", "id", "title", "username"].sort(),
    );
    // A post arriving between pages sorts above every later page.
    await createPost(alice, { community, title: "late" });
    const rest = await api(
      "GET",
      `/posts?community=${community}&limit=3&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    const pages = [first.body.items, rest.body.items];
    let cursor = rest.body.nextCursor;
    while (cursor) {
      const next = await api(
        "GET",
        `/posts?community=${community}&limit=3&cursor=${encodeURIComponent(cursor)}`,
      );
      pages.push(next.body.items);
      cursor = next.body.nextCursor;
    }
    expect(pages.flat().map((item: Summary) => item.id)).toEqual([...created].reverse());
  });

  it("lists every community merged newest first across shards, and a user's posts", async () => {
    const author = await registerUser("prolific");
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push((await createPost(author, { community: uniqueCommunity() })).id);
    }
    const mine = (await allPages(`/posts?username=${author.username}`, 5)).flat();
    expect(mine.map((item) => item.id)).toEqual([...ids].reverse());

    // Across all communities: our 12 posts appear in order, newest first, among others'.
    const everything = (await allPages("/posts", 40)).flat();
    const times = everything.map((item) => item.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    const ours = everything.filter((item) => item.username === author.username);
    expect(ours.map((item) => item.id)).toEqual([...ids].reverse());
    expect(new Set(everything.map((item) => item.id)).size).toBe(everything.length);
  });

  it.each([
    { query: "community=a", field: "community" },
    { query: "username=x!", field: "username" },
    { query: "limit=0", field: "limit" },
    { query: "limit=101", field: "limit" },
    { query: "limit=abc", field: "limit" },
  ])("400 for $query", async ({ query, field }) => {
    const response = await api("GET", `/posts?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error.issues.map((i: { path: string }) => i.path)).toContain(field);
  });

  it("400 for a forged cursor or one from another community", async () => {
    const forged = await api("GET", `/posts?cursor=${forgedCursor({ before: "z" })}`);
    expect(forged.status).toBe(400);
    const community = uniqueCommunity();
    await createPost(alice, { community });
    await createPost(alice, { community });
    const page = await api("GET", `/posts?community=${community}&limit=1`);
    const elsewhere = await api(
      "GET",
      `/posts?community=${uniqueCommunity()}&cursor=${encodeURIComponent(page.body.nextCursor)}`,
    );
    expect(elsewhere.status).toBe(400);
  });
});

describe("DELETE /posts/{id}", () => {
  it("lets the author delete: 200, then 404 and gone from every listing at once", async () => {
    const community = uniqueCommunity();
    const kept = await createPost(alice, { community });
    const post = await createPost(alice, { community });
    const response = await api("DELETE", `/posts/${post.id}`, { auth: alice });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: post.id, deleted: true });

    expect((await api("GET", `/posts/${post.id}`)).status).toBe(404);
    for (const path of [
      `/posts?community=${community}`,
      `/posts?username=${alice.username}&limit=100`,
      "/posts?limit=100",
    ]) {
      const ids = (await api("GET", path)).body.items.map((item: Summary) => item.id);
      expect(ids).not.toContain(post.id);
    }
    const inCommunity = await api("GET", `/posts?community=${community}`);
    expect(inCommunity.body.items.map((item: Summary) => item.id)).toEqual([kept.id]);
    expect((await api("DELETE", `/posts/${post.id}`, { auth: alice })).status).toBe(404);
  });

  it("403 for another user, 401 without credentials, 404 for an unknown post", async () => {
    const post = await createPost(alice, { community: uniqueCommunity() });
    const other = await api("DELETE", `/posts/${post.id}`, { auth: bob });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe("forbidden");
    expect((await api("DELETE", `/posts/${post.id}`)).status).toBe(401);
    expect((await api("DELETE", `/posts/${randomUUID()}`, { auth: alice })).status).toBe(404);
    expect((await api("GET", `/posts/${post.id}`)).status).toBe(200);
  });
});
