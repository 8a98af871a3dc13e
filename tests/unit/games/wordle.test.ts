import { describe, expect, it } from "vitest";
import { GameOver, InvalidWord } from "../../../lib/games/errors";
import {
  applyGuess,
  feedback,
  type Game,
  type LetterResult,
  MAX_GUESSES,
  newGame,
  publicView,
} from "../../../lib/games/wordle";

const C: LetterResult = "correct";
const P: LetterResult = "present";
const A: LetterResult = "absent";

function results(answer: string, guess: string): LetterResult[] {
  return feedback(answer, guess).map((letter) => letter.result);
}

function play(answer: string, guesses: string[]): Game {
  return guesses.reduce(applyGuess, newGame(answer));
}

describe("feedback", () => {
  it.each([
    { answer: "crane", guess: "crane", expected: [C, C, C, C, C] },
    { answer: "crane", guess: "hello", expected: [A, P, A, A, A] },
    // b and a swap places; the second b of the answer is matched exactly, the first is present.
    { answer: "abbey", guess: "babes", expected: [P, P, C, C, A] },
    // Two l's in the guess, two in the answer, none in place: both present.
    { answer: "llama", guess: "hello", expected: [A, A, P, P, A] },
    // Three e's guessed, two in the answer: the first two are present, the third absent.
    { answer: "speed", guess: "eerie", expected: [P, P, A, A, A] },
    // Three e's guessed, one in the answer and in place: only that one counts.
    { answer: "crane", guess: "geese", expected: [A, A, A, A, C] },
    // Three e's guessed, one in the answer elsewhere: only the leftmost is present.
    { answer: "ocean", guess: "eerie", expected: [P, A, A, A, A] },
    // An exact match later in the word consumes the m before an earlier guess could.
    { answer: "mamma", guess: "llama", expected: [A, A, P, C, C] },
    // The first o is in place; the second takes the answer's other o.
    { answer: "robot", guess: "boost", expected: [P, C, P, A, C] },
  ])("$answer vs $guess", ({ answer, guess, expected }) => {
    expect(results(answer, guess)).toEqual(expected);
  });

  it("reports each letter of the guess in order", () => {
    expect(
      feedback("abbey", "babes")
        .map((letter) => letter.letter)
        .join(""),
    ).toBe("babes");
  });
});

describe("applyGuess", () => {
  it("records a wrong guess and keeps the game going", () => {
    const game = applyGuess(newGame("crane"), "hello");
    expect(game.status).toBe("in_progress");
    expect(game.guessesRemaining).toBe(MAX_GUESSES - 1);
    expect(game.guesses).toEqual([{ word: "hello", letters: feedback("crane", "hello") }]);
  });

  it("wins when the guess is the answer, normalizing case", () => {
    const game = play("crane", ["hello", "LLAMA", "Crane"]);
    expect(game.status).toBe("won");
    expect(game.guessesRemaining).toBe(3);
    expect(game.guesses.map((guess) => guess.word)).toEqual(["hello", "llama", "crane"]);
    expect(game.guesses[2]?.letters.every((letter) => letter.result === "correct")).toBe(true);
  });

  it("wins on the sixth guess rather than losing", () => {
    const game = play("crane", ["hello", "llama", "abbey", "speed", "eerie", "crane"]);
    expect(game.status).toBe("won");
    expect(game.guessesRemaining).toBe(0);
  });

  it("loses after the sixth wrong guess, not before", () => {
    const fiveWrong = play("crane", ["hello", "llama", "abbey", "speed", "eerie"]);
    expect(fiveWrong.status).toBe("in_progress");
    const lost = applyGuess(fiveWrong, "babes");
    expect(lost.status).toBe("lost");
    expect(lost.guessesRemaining).toBe(0);
    expect(lost.guesses).toHaveLength(MAX_GUESSES);
  });

  it("does not mutate the game it is given", () => {
    const game = newGame("crane");
    applyGuess(game, "hello");
    expect(game).toEqual(newGame("crane"));
  });

  it.each(["xxxxx", "zzzzq", "hell", "helloo", "", "héllo", "hell0", "he lo"])(
    "rejects %j as an invalid word without counting it",
    (word) => {
      const game = applyGuess(newGame("crane"), "hello");
      expect(() => applyGuess(game, word)).toThrow(InvalidWord);
      expect(game.guesses).toHaveLength(1);
      expect(applyGuess(game, "llama").guessesRemaining).toBe(MAX_GUESSES - 2);
    },
  );

  it.each([
    { ending: "won", guesses: ["crane"] },
    { ending: "lost", guesses: ["hello", "llama", "abbey", "speed", "eerie", "babes"] },
  ])("refuses any guess once the game is $ending", ({ ending, guesses }) => {
    const game = play("crane", guesses);
    expect(game.status).toBe(ending);
    expect(() => applyGuess(game, "crane")).toThrow(GameOver);
    // Game over takes precedence over a bad word (409 before 400).
    expect(() => applyGuess(game, "xxxxx")).toThrow(GameOver);
  });
});

describe("publicView", () => {
  it("hides the answer while the game is in progress", () => {
    const view = publicView(play("crane", ["hello"]));
    expect(view).not.toHaveProperty("answer");
    expect(view).toEqual({
      status: "in_progress",
      guesses: [{ word: "hello", letters: feedback("crane", "hello") }],
      guessesRemaining: 5,
    });
  });

  it.each([
    { ending: "won", guesses: ["crane"] },
    { ending: "lost", guesses: ["hello", "llama", "abbey", "speed", "eerie", "babes"] },
  ])("shows the answer once the game is $ending", ({ ending, guesses }) => {
    const view = publicView(play("crane", guesses));
    expect(view.status).toBe(ending);
    expect(view.answer).toBe("crane");
  });
});
