// The document tree of rt-app's JSON dialect. Objects keep their entries in file order, with
// duplicates (a phase says "run" twice) and value-less keys (`"suspend",`), which a plain
// JSON.parse would lose. Every node knows its line for messages.

export type RtNode =
  | { type: "object"; entries: RtEntry[]; line: number }
  | { type: "array"; items: RtNode[]; line: number }
  | { type: "string"; value: string; line: number }
  | { type: "number"; value: number; line: number }
  | { type: "boolean"; value: boolean; line: number }
  | { type: "null"; line: number };

export interface RtEntry {
  key: string;
  /** Absent for a value-less key (`"suspend",`). */
  value?: RtNode;
  line: number;
}

export type RtObject = Extract<RtNode, { type: "object" }>;

/** The last entry with this key (json-c keeps the last of duplicate keys). */
export function lastEntry(obj: RtObject, key: string): RtEntry | undefined {
  for (let i = obj.entries.length - 1; i >= 0; i--)
    if (obj.entries[i]?.key === key) return obj.entries[i];
  return undefined;
}

/** The node as a plain JS value (for messages); duplicate keys keep the last. */
export function plain(node: RtNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.type) {
    case "object":
      return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
    case "array":
      return node.items.map(plain);
    case "null":
      return null;
    default:
      return node.value;
  }
}
