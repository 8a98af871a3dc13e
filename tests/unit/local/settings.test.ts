import { describe, expect, it } from "vitest";
import { stackSettingsFromEnv } from "../../../local/settings";

describe("stackSettingsFromEnv: ratings shards", () => {
  it("runs 3 shards on 5555 onwards by default", () => {
    expect(stackSettingsFromEnv({}).ports.ratingsShards).toEqual([5555, 5556, 5557]);
  });

  it("takes RATINGS_SHARDS, and RATINGS_SHARD_PORTS as given", () => {
    expect(stackSettingsFromEnv({ RATINGS_SHARDS: "5" }).ports.ratingsShards).toEqual([
      5555, 5556, 5557, 5558, 5559,
    ]);
    expect(stackSettingsFromEnv({ RATINGS_SHARD_PORTS: "7001, 7002" }).ports.ratingsShards).toEqual(
      [7001, 7002],
    );
  });

  it("refuses ports that do not match the number of shards, or no shard at all", () => {
    expect(() =>
      stackSettingsFromEnv({ RATINGS_SHARDS: "3", RATINGS_SHARD_PORTS: "7001,7002" }),
    ).toThrow(/RATINGS_SHARD_PORTS names 2 ports for RATINGS_SHARDS=3/);
    expect(() => stackSettingsFromEnv({ RATINGS_SHARDS: "0" })).toThrow(/RATINGS_SHARDS/);
  });
});
