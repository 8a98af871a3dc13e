// Wordle dictionaries: the answer pool and the accepted guesses, generated offline by
// scripts/build-word-lists.ts and bundled with the code (no I/O at run time). Nothing
// runs at import, so a bundle keeps only the list its handler uses (create-game the
// answers, submit-guess the guesses) and the other games functions neither.
import answers from "./words/answers.json";
import validGuesses from "./words/valid-guesses.json";

let validGuessSet: ReadonlySet<string> | undefined;

/** True when `word` (already lower case) is in the dictionary of accepted guesses. */
export function isValidGuess(word: string): boolean {
  validGuessSet ??= new Set(validGuesses);
  return validGuessSet.has(word);
}

/** Picks an answer uniformly; `random` must return a number in [0, 1) like Math.random. */
export function randomAnswer(random: () => number = Math.random): string {
  const answer = answers[Math.floor(random() * answers.length)];
  if (answer === undefined) throw new RangeError("random() must return a number in [0, 1)");
  return answer;
}
