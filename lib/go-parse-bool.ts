/** A text as Go's strconv.ParseBool reads it: true or false for the spellings it takes, undefined for any other text. */
export const goParseBool = (text: string): boolean | undefined =>
  ["1", "t", "T", "TRUE", "true", "True"].includes(text) ? true : ["0", "f", "F", "FALSE", "false", "False"].includes(text) ? false : undefined;
