/**
 * Files another tool encrypted in a repository, by the marks it writes: git-crypt's header, a NUL, GITCRYPT and a NUL
 * (git-crypt's commands.cpp, which writes it before the encrypted bytes), and SOPS' metadata, a top-level `sops` key
 * beside values written ENC[AES256_GCM,data:…] (getsops.io/docs: the file format). Neither is read as the text it hides.
 */
export type Encryption = "git-crypt" | "SOPS";

export function encryptedBy(text: string): Encryption | undefined {
  if (text.startsWith("\0GITCRYPT\0")) return "git-crypt";
  return text.includes("ENC[AES256_GCM,data:") && /(?:^|\n)sops[ \t]*:|"sops"[ \t\r\n]*:/.test(text) ? "SOPS" : undefined;
}

/** What a report says of a file a tool encrypted: what it is, and how to check what it hides. */
export const encryptedNote = (tool: Encryption): string =>
  tool === "git-crypt"
    ? "encrypted by git-crypt: what it holds is checked once the repository is unlocked (git-crypt unlock)"
    : "encrypted by SOPS (its values are ENC[…]): check what it decrypts to (sops --decrypt <file> | eds check -)";
