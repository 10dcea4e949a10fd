// <code-editor>: CodeMirror 6 for a policy (TypeScript highlighting) or a JSON document.
// Data down: `value`, `language`, `diagnostics` (1-based line/column, shown in place and in the
// gutter). Events up: `value-changed` with the new text as the user types.

import { indentWithTab } from "@codemirror/commands";
import { javascript } from "@codemirror/lang-javascript";
import { json } from "@codemirror/lang-json";
import { type Diagnostic, lintGutter, setDiagnostics } from "@codemirror/lint";
import { Compartment, EditorState } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { css, html, LitElement, type PropertyValues } from "lit";

export interface EditorDiagnostic {
  line: number;
  column: number;
  message: string;
  severity?: "error" | "warning" | "info";
}

export class CodeEditor extends LitElement {
  static properties = {
    value: { type: String },
    language: { type: String },
    diagnostics: { attribute: false },
    label: { type: String },
  };

  declare value: string;
  declare language: "typescript" | "json";
  declare diagnostics: EditorDiagnostic[];
  declare label: string;

  private view: EditorView | null = null;
  private readonly langSlot = new Compartment();

  static styles = css`
    :host {
      display: block;
      border: 1px solid var(--line, #ccd);
      border-radius: 4px;
      overflow: hidden;
      background: #fff;
    }
    .host {
      height: 100%;
    }
    .cm-editor {
      height: 100%;
      font-size: 12.5px;
    }
    .cm-scroller {
      font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
    }
  `;

  constructor() {
    super();
    this.value = "";
    this.language = "typescript";
    this.diagnostics = [];
    this.label = "code";
  }

  render() {
    return html`<div class="host" role="group" aria-label=${this.label}></div>`;
  }

  protected firstUpdated(): void {
    const parent = this.renderRoot.querySelector(".host") as HTMLElement;
    this.view = new EditorView({
      parent,
      root: this.renderRoot as ShadowRoot,
      state: EditorState.create({
        doc: this.value,
        extensions: [
          basicSetup,
          keymap.of([indentWithTab]),
          this.langSlot.of(this.languageExtension()),
          lintGutter(),
          EditorView.contentAttributes.of({ "aria-label": this.label }),
          EditorView.updateListener.of((u) => {
            if (!u.docChanged) return;
            const text = u.state.doc.toString();
            this.value = text;
            this.dispatchEvent(
              new CustomEvent("value-changed", {
                detail: { value: text },
                bubbles: true,
                composed: true,
              }),
            );
          }),
        ],
      }),
    });
    this.showDiagnostics();
  }

  protected updated(changed: PropertyValues<this>): void {
    const view = this.view;
    if (!view) return;
    if (changed.has("value") && view.state.doc.toString() !== this.value) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: this.value } });
    }
    if (changed.has("language"))
      view.dispatch({ effects: this.langSlot.reconfigure(this.languageExtension()) });
    if (changed.has("diagnostics") || changed.has("value")) this.showDiagnostics();
  }

  /** The editor's current text (what the user sees, even between updates). */
  get text(): string {
    return this.view?.state.doc.toString() ?? this.value;
  }

  /** Moves the cursor to a 1-based line and column and scrolls there. */
  goto(line: number, column: number): void {
    const view = this.view;
    if (!view) return;
    const pos = this.offsetOf(view.state, line, column);
    view.dispatch({
      selection: { anchor: pos },
      effects: EditorView.scrollIntoView(pos, { y: "center" }),
    });
    view.focus();
  }

  private languageExtension() {
    return this.language === "json" ? json() : javascript({ typescript: true });
  }

  private offsetOf(state: EditorState, line: number, column: number): number {
    const l = state.doc.line(Math.min(Math.max(1, line), state.doc.lines));
    return Math.min(l.to, l.from + Math.max(0, column - 1));
  }

  private showDiagnostics(): void {
    const view = this.view;
    if (!view) return;
    const state = view.state;
    const diags: Diagnostic[] = this.diagnostics.map((d) => {
      const from = this.offsetOf(state, d.line, d.column);
      // Underline the word at the position (at least one character).
      const line = state.doc.lineAt(from);
      const rest = line.text.slice(from - line.from);
      const word = /^[\w$]+/.exec(rest)?.[0].length ?? 1;
      return {
        from,
        to: Math.min(line.to, from + word),
        severity: d.severity ?? "error",
        message: d.message,
      };
    });
    view.dispatch(setDiagnostics(state, diags));
  }
}

if (!customElements.get("code-editor")) customElements.define("code-editor", CodeEditor);
