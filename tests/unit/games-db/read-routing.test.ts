import { describe, expect, it } from "vitest";
import { type NodeView, planRead } from "../../../lib/games-db/read-routing";

const node = (url: string, patch: Partial<NodeView> = {}): NodeView => ({
  url,
  role: "replica",
  healthy: true,
  txid: 10,
  failed: false,
  ...patch,
});

const primary = node("p", { role: "primary", txid: 12 });

describe("planRead", () => {
  it("spreads reads over available nodes in turn, then falls back to the primary", () => {
    const nodes = [primary, node("r1"), node("r2")];
    const firsts = [0, 1, 2, 3].map((turn) => planRead(nodes, undefined, turn)[0]);
    expect(firsts).toEqual(["p", "r1", "r2", "p"]);
    expect(planRead(nodes, undefined, 1)).toEqual(["r1", "r2", "p"]);
  });

  it("tries unhealthy and failed nodes only after every available node and the primary", () => {
    const nodes = [
      node("r1", { healthy: false }),
      primary,
      node("r2", { failed: true }),
      node("r3"),
    ];
    expect(planRead(nodes, undefined, 0)).toEqual(["p", "r3", "r1", "r2"]);
    expect(planRead(nodes, undefined, 1)).toEqual(["r3", "p", "r1", "r2"]);
  });

  it("prefers nodes known to have reached the read's TXID", () => {
    const nodes = [primary, node("r1", { txid: 12 }), node("r2", { txid: 11 })];
    expect(planRead(nodes, 12, 0)).toEqual(["p", "r1", "r2"]);
    expect(planRead(nodes, 12, 1)).toEqual(["r1", "p", "r2"]);
  });

  it("sends a read no replica is known to serve to one replica, then the primary", () => {
    const nodes = [node("r1"), node("r2"), node("p", { role: "primary", txid: 20 })];
    expect(planRead(nodes, 15, 0)).toEqual(["p", "r1", "r2"]);
    expect(
      planRead([node("r1"), node("r2"), node("p", { role: "primary", txid: 9 })], 15, 1),
    ).toEqual(["r2", "p", "r1"]);
  });
});
