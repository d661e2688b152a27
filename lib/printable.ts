// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds.
const controlCharacters = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text with its control characters shown as escapes (`\u001b`), line feeds and tabs kept: a name or a value read from
 * a file may hold a terminal's escape sequence or a carriage return, which would rewrite what a log shows, or a
 * character XML 1.0 refuses, which would make a JUnit report unreadable.
 */
export const printable = (text: string): string =>
  text.replace(controlCharacters, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`);
