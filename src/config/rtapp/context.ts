// What the rt-app converter carries around: the file name for errors, the warnings collected so
// far, and readers that check a value's type and report the field path (`tasks.thread0.loop`)
// and line when it is wrong.

import { InputError } from "../../errors.ts";
import { describeValue, type FieldPath, formatFieldPath } from "../workloadFieldError.ts";
import { plain, type RtNode, type RtObject } from "./tree.ts";

export class RtContext {
  readonly file?: string;
  readonly ncpus?: number;
  readonly warnings: string[] = [];

  constructor(opts: { file?: string; ncpus?: number }) {
    this.file = opts.file;
    this.ncpus = opts.ncpus;
  }

  /** Records a warning once (a default that several threads inherit is reported once). */
  warn(path: FieldPath, message: string): void {
    const text = `${formatFieldPath(path)}: ${message}`;
    if (!this.warnings.includes(text)) this.warnings.push(text);
  }

  fail(path: FieldPath, message: string, node?: RtNode): never {
    const where = node ? ` (line ${node.line})` : "";
    throw new InputError(`${message}${where}`, { file: this.file, field: formatFieldPath(path) });
  }

  /** An integer within [min, max]. */
  int(node: RtNode | undefined, path: FieldPath, min = -Infinity, max = Infinity): number {
    if (
      node?.type !== "number" ||
      !Number.isSafeInteger(node.value) ||
      node.value < min ||
      node.value > max
    ) {
      const range = min === -Infinity ? "" : max === Infinity ? ` >= ${min}` : ` in ${min}..${max}`;
      return this.fail(
        path,
        `expected an integer${range}, got ${describeValue(plain(node))}`,
        node,
      );
    }
    return node.value;
  }

  /** A time in µs (rt-app's unit inside tasks) → ns. */
  micros(node: RtNode | undefined, path: FieldPath): number {
    return this.int(node, path, 0) * 1000;
  }

  string(node: RtNode | undefined, path: FieldPath): string {
    if (node?.type !== "string")
      return this.fail(path, `expected a string, got ${describeValue(plain(node))}`, node);
    return node.value;
  }

  object(node: RtNode | undefined, path: FieldPath): RtObject {
    if (node?.type !== "object")
      return this.fail(path, `expected an object, got ${describeValue(plain(node))}`, node);
    return node;
  }

  bool(node: RtNode | undefined, path: FieldPath): boolean {
    if (node?.type !== "boolean")
      return this.fail(path, `expected true or false, got ${describeValue(plain(node))}`, node);
    return node.value;
  }

  intList(node: RtNode | undefined, path: FieldPath, min = 0): number[] {
    if (node?.type !== "array")
      return this.fail(
        path,
        `expected a list of integers, got ${describeValue(plain(node))}`,
        node,
      );
    return node.items.map((item, i) => this.int(item, [...path, i], min));
  }
}
