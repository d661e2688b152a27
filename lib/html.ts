import { printable } from "./printable";

/**
 * Text made safe inside HTML or XML elements and double-quoted attribute values (the same escapes serve both), its
 * control characters shown as escapes (printable).
 */
export const escapeHtml = (text: string): string => {
  const shown = printable(text);
  return /[&<>"]/.test(shown) ? shown.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;") : shown;
};
