// <problems-list>: the compiler's errors as a list; clicking one reports `goto` with its place.
import { css, html, LitElement } from "lit";
import type { CompileDiagnostic } from "../../src/compile/PolicyCompileError.ts";

export class ProblemsList extends LitElement {
  static properties = {
    problems: { attribute: false },
    message: { type: String },
  };

  declare problems: CompileDiagnostic[];
  /** A failure with no located error (shown when `problems` is empty). */
  declare message: string;

  static styles = css`
    :host {
      display: block;
      font-size: 12.5px;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      max-height: 9em;
      overflow: auto;
      border: 1px solid #f0c4c4;
      border-radius: 4px;
      background: #fff7f7;
    }
    li button {
      all: unset;
      display: block;
      width: 100%;
      box-sizing: border-box;
      padding: 3px 8px;
      cursor: pointer;
      font-family: ui-monospace, Menlo, Consolas, monospace;
      white-space: normal;
      overflow-wrap: anywhere;
    }
    li button:hover,
    li button:focus-visible {
      background: #fde3e3;
    }
    .where {
      color: #a33;
      font-weight: 600;
    }
    pre {
      margin: 0;
      padding: 6px 8px;
      white-space: pre-wrap;
      border: 1px solid #f0c4c4;
      border-radius: 4px;
      background: #fff7f7;
    }
  `;

  constructor() {
    super();
    this.problems = [];
    this.message = "";
  }

  render() {
    if (this.problems.length === 0)
      return this.message ? html`<pre class="problem">${this.message}</pre>` : html``;
    return html`<ul aria-label="problems">
      ${this.problems.map(
        (p) => html`<li class="problem">
          <button @click=${() => this.goto(p)} title="go to ${p.file}:${p.line}:${p.column}"><span class="where">${p.file}:${p.line}:${p.column}</span> ${p.code < 1000 ? "AS" : "TS"}${p.code}: ${p.message}</button>
        </li>`,
      )}
    </ul>`;
  }

  private goto(p: CompileDiagnostic): void {
    this.dispatchEvent(
      new CustomEvent("goto", {
        detail: { line: p.line, column: p.column },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

if (!customElements.get("problems-list")) customElements.define("problems-list", ProblemsList);
