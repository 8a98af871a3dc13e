// What a tweet's text is made of, for the search indexes: its words and its hashtags, both
// found with Intl.Segmenter (Unicode word boundaries, any script) and compared
// case-insensitively, so "Café", "CAFÉ" and "café" are one word.

const words = new Intl.Segmenter("und", { granularity: "word" });

/** The canonical form of a word or tag: NFKC, lower case. */
export function normalizeWord(word: string): string {
  return word.normalize("NFKC").toLocaleLowerCase("und");
}

/** The distinct words of `text`, normalized, in order of first appearance. */
export function wordsOf(text: string): string[] {
  const found = new Set<string>();
  for (const segment of words.segment(text)) {
    if (segment.isWordLike) found.add(normalizeWord(segment.segment));
  }
  return [...found];
}

/**
 * The distinct hashtags of `text`, normalized, without the `#`: a word right after a `#`
 * that does not itself follow a word (so "c#" and "a#b" hold none).
 */
export function hashtagsOf(text: string): string[] {
  const found = new Set<string>();
  let afterHash = false;
  let afterWord = false;
  for (const segment of words.segment(text)) {
    if (afterHash && segment.isWordLike) found.add(normalizeWord(segment.segment));
    afterHash = segment.segment === "#" && !afterWord;
    afterWord = segment.isWordLike === true;
  }
  return [...found];
}
