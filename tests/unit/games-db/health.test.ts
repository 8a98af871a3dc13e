import { describe, expect, it } from "vitest";
import { replicaHealth } from "../../../games-db/server/health";

const primaryUrl = "http://127.0.0.1:5100";

describe("replica health", () => {
  it("is healthy while connected and within the lag bound", () => {
    expect(replicaHealth({ primaryUrl, connected: true, lag: 100, maxLag: 100 })).toEqual({
      primary: primaryUrl,
      connected: true,
      lag: 100,
      healthy: true,
    });
  });

  it("is unhealthy when disconnected, naming the primary", () => {
    const health = replicaHealth({ primaryUrl, connected: false, lag: 0, maxLag: 100 });
    expect(health.healthy).toBe(false);
    expect(health.reason).toContain(primaryUrl);
  });

  it("is unhealthy when the lag exceeds the bound", () => {
    const health = replicaHealth({ primaryUrl, connected: true, lag: 101, maxLag: 100 });
    expect(health.healthy).toBe(false);
    expect(health.reason).toBe("101 transactions behind the primary (max 100)");
  });
});
