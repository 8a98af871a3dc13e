import { describe, expect, it } from "vitest";
import {
  leadingKeyword,
  quoteIdent,
  quoteLiteral,
  rowidAlias,
} from "../../../games-db/server/sql-text";

describe("leadingKeyword", () => {
  it.each([
    ["select 1", "SELECT"],
    ["  \n\tBegin;", "BEGIN"],
    ["-- a comment\nPRAGMA x", "PRAGMA"],
    ["/* one */ /* two */ create table t(a)", "CREATE"],
    ["", ""],
    ["-- only a comment", ""],
  ])("reads %j as %j", (sql, keyword) => {
    expect(leadingKeyword(sql)).toBe(keyword);
  });
});

describe("quoting", () => {
  it("doubles quotes inside identifiers and literals", () => {
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(quoteLiteral("it's")).toBe("'it''s'");
  });
});

describe("rowidAlias", () => {
  it("picks a rowid name no column shadows", () => {
    expect(rowidAlias(["id", "name"])).toBe("rowid");
    expect(rowidAlias(["ROWID", "name"])).toBe("_rowid_");
    expect(rowidAlias(["rowid", "_rowid_"])).toBe("oid");
    expect(() => rowidAlias(["rowid", "_rowid_", "oid"])).toThrow(/hide the rowid/);
  });
});
