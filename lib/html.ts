import { printable } from "./printable";

/** Text made safe inside HTML elements and double-quoted attribute values. */
export const escapeHtml = (text: string): string => printable(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
