/**
 * The continuation lines of quoted scalars and flow collections, indented past the line that opens them. go-yaml v2
 * (libyaml's scanner, under kubectl's sigs.k8s.io/yaml and Terraform's yamldecode) does not check their indentation:
 * kubectl reads `args: ["--a=1",⏎    "--b=2"]` with its second line at the key's column, and a double-quoted string
 * whose escaped line break goes on less indented than its list item. YAML 1.2, and the parser here, refuse both. In
 * a flow collection indentation carries no meaning, and a quoted scalar folds a line break with the blanks around it
 * (YAML 1.2, 7.3 and 7.4), so indenting such a line further changes no value; lines and line numbers stay as written.
 *
 * Undefined when no line needed it. Block scalars (`|`, `>`) and comments are passed over as text.
 */
export function withIndentedContinuations(text: string): string | undefined {
  const lines = text.split("\n");
  let changed = false;
  let quote: '"' | "'" | undefined;
  let flowDepth = 0;
  // The column a continuation line must go past: the opening quote's or bracket's.
  let openedAt = 0;
  // A block scalar's content: the lines indented past its header's indentation.
  let blockScalarIndent: number | undefined;

  for (let n = 0; n < lines.length; n++) {
    let line = lines[n]!;
    const indent = line.length - line.trimStart().length;
    if (blockScalarIndent !== undefined) {
      if (line.trim() === "" || indent > blockScalarIndent) continue;
      blockScalarIndent = undefined;
    }
    if (quote === undefined && flowDepth === 0 && /^(?:---|\.\.\.)(?:\s|$)/.test(line)) continue;
    if ((quote !== undefined || flowDepth > 0) && line.trim() !== "" && indent <= openedAt) {
      line = " ".repeat(openedAt + 1 - indent) + line;
      lines[n] = line;
      changed = true;
    }
    // Whether a value may start here: at the line's start, after an indicator and its blank, in a flow collection.
    let valueStarts = true;
    for (let i = 0; i < line.length; i++) {
      const character = line[i]!;
      if (quote === '"') {
        if (character === "\\") i++;
        else if (character === '"') quote = undefined;
        continue;
      }
      if (quote === "'") {
        if (character === "'" && line[i + 1] === "'") i++;
        else if (character === "'") quote = undefined;
        continue;
      }
      if (character === " " || character === "\t") continue;
      if (character === "#" && (i === 0 || line[i - 1] === " " || line[i - 1] === "\t")) break;
      if ((character === '"' || character === "'") && valueStarts) {
        if (flowDepth === 0) openedAt = i;
        quote = character;
        valueStarts = false;
      } else if ((character === "[" || character === "{") && (valueStarts || flowDepth > 0)) {
        if (flowDepth === 0) openedAt = i;
        flowDepth++;
        valueStarts = true;
      } else if ((character === "]" || character === "}") && flowDepth > 0) {
        flowDepth--;
        valueStarts = false;
      } else if ((character === "," && flowDepth > 0) || ([":", "-", "?"].includes(character) && /^\s?$/.test(line[i + 1] ?? ""))) {
        valueStarts = true;
      } else if ((character === "|" || character === ">") && valueStarts && flowDepth === 0) {
        // A block scalar's header: `|` or `>`, with chomping and indentation indicators, then nothing but a comment.
        if (/^[|>][-+0-9]*\s*(?:#.*)?$/.test(line.slice(i))) blockScalarIndent = indent;
        break;
      } else valueStarts = false;
    }
  }
  return changed ? lines.join("\n") : undefined;
}
