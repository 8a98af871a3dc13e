// Wordle rules as pure functions: per-letter feedback, applying a guess to a game, and the
// view of a game a player may see. Persistence and HTTP mapping live elsewhere.
import { GameOver, InvalidWord } from "./errors";
import { isValidGuess } from "./words";

export const MAX_GUESSES = 6;
export const WORD_LENGTH = 5;

export type LetterResult = "correct" | "present" | "absent";
export type GameStatus = "in_progress" | "won" | "lost";

export interface LetterFeedback {
  letter: string;
  result: LetterResult;
}

export interface GuessFeedback {
  word: string;
  letters: LetterFeedback[];
}

export interface Game {
  status: GameStatus;
  guesses: GuessFeedback[];
  guessesRemaining: number;
  answer: string;
}

/** A game as its player sees it: `answer` is present only once the game is over. */
export interface PublicGame {
  status: GameStatus;
  guesses: GuessFeedback[];
  guessesRemaining: number;
  answer?: string;
}

const WORD_PATTERN = new RegExp(`^[a-z]{${WORD_LENGTH}}$`);

export function newGame(answer: string): Game {
  return { status: "in_progress", guesses: [], guessesRemaining: MAX_GUESSES, answer };
}

/**
 * Scores `guess` against `answer` (both lower case, same length) with Wordle's rules for
 * repeated letters: exact matches are `correct` first; then, left to right, a letter is
 * `present` only while the answer still has an occurrence of it not yet matched.
 */
export function feedback(answer: string, guess: string): LetterFeedback[] {
  const unmatched = new Map<string, number>();
  for (let i = 0; i < answer.length; i++) {
    const letter = answer.charAt(i);
    if (guess.charAt(i) !== letter) unmatched.set(letter, (unmatched.get(letter) ?? 0) + 1);
  }
  return [...guess].map((letter, i): LetterFeedback => {
    if (answer.charAt(i) === letter) return { letter, result: "correct" };
    const remaining = unmatched.get(letter) ?? 0;
    if (remaining === 0) return { letter, result: "absent" };
    unmatched.set(letter, remaining - 1);
    return { letter, result: "present" };
  });
}

/**
 * Returns the game after `guess` (case-insensitive). Throws GameOver if the game is
 * already over, and InvalidWord, leaving the game unchanged, if the word is not accepted.
 */
export function applyGuess(game: Game, guess: string): Game {
  if (game.status !== "in_progress") throw new GameOver(game.status);
  const word = guess.toLowerCase();
  if (!WORD_PATTERN.test(word) || !isValidGuess(word)) throw new InvalidWord(guess);

  const letters = feedback(game.answer, word);
  const guesses = [...game.guesses, { word, letters }];
  const guessesRemaining = MAX_GUESSES - guesses.length;
  const status: GameStatus =
    word === game.answer ? "won" : guessesRemaining === 0 ? "lost" : "in_progress";
  return { status, guesses, guessesRemaining, answer: game.answer };
}

export function publicView(game: Game): PublicGame {
  const { answer, ...visible } = game;
  return game.status === "in_progress" ? visible : { ...visible, answer };
}
