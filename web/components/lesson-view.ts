// <lesson-view>: the open lesson — its goal, the state of its check (green when the last run of
// the student's policy passed every condition), the lesson page (Markdown), and what it runs
// on. Actions are reported as events: `lesson-check` (run and check), `lesson-reset` (back to
// the starting policy), `lesson-solution` (show the reference solution), `lesson-open`
// (another lesson, by id), `lesson-leave`.
import { css, html, LitElement } from "lit";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import type { Lesson } from "../../src/lessons/lesson.ts";
import { renderMarkdown } from "../../src/lessons/markdown.ts";
import { fmtNs } from "../lib/format.ts";
import type { CheckState } from "../lib/lessonCheck.ts";

export class LessonView extends LitElement {
  static properties = {
    lesson: { attribute: false },
    lessons: { attribute: false },
    passed: { attribute: false },
    check: { attribute: false },
    setup: { type: String },
  };

  declare lesson: Lesson | null;
  /** Every lesson, for the previous/next links. */
  declare lessons: readonly Lesson[];
  /** Ids of the lessons this browser has passed. */
  declare passed: ReadonlySet<string>;
  declare check: CheckState;
  /** "raspberry-pi-5 (4 CPUs) · hogs-and-clicks" */
  declare setup: string;

  private bodyHtml = "";
  private bodyOf = "";

  static styles = css`
    :host {
      display: block;
      font-size: 13.5px;
      line-height: 1.45;
    }
    .top {
      display: flex;
      gap: 8px;
      align-items: center;
      flex-wrap: wrap;
      margin-bottom: 6px;
    }
    h2 {
      font-size: 17px;
      margin: 0;
      flex: 1;
    }
    .goal {
      background: #f3f6fc;
      border-left: 4px solid #2f6fd6;
      padding: 6px 10px;
      margin: 6px 0;
    }
    .check {
      border-radius: 6px;
      padding: 6px 10px;
      margin: 8px 0;
      border: 1px solid #d6d8e0;
    }
    .check[data-state="pass"] {
      background: #e7f6ec;
      border-color: #2e9d5b;
    }
    .check[data-state="fail"] {
      background: #fdecec;
      border-color: #d45a5a;
    }
    .check ul {
      margin: 4px 0 0;
      padding-left: 18px;
    }
    .check li.ok::marker {
      content: "✓ ";
      color: #2e9d5b;
    }
    .check li.no::marker {
      content: "✗ ";
      color: #c62828;
    }
    .verdict {
      font-weight: 600;
    }
    button {
      font: inherit;
      font-size: 12.5px;
      padding: 3px 10px;
      border-radius: 4px;
      border: 1px solid #aab;
      background: #fff;
      cursor: pointer;
    }
    button.primary {
      background: #2f6fd6;
      color: #fff;
      border-color: #2f6fd6;
    }
    button:disabled {
      opacity: 0.5;
    }
    .setup {
      color: #667;
      font-size: 12px;
    }
    .body {
      max-height: 560px;
      overflow: auto;
      border-top: 1px solid #e3e5ec;
      margin-top: 8px;
      padding-top: 4px;
    }
    .body h1,
    .body h2,
    .body h3 {
      font-size: 14.5px;
      margin: 12px 0 4px;
    }
    .body code {
      background: #f1f2f6;
      padding: 0 3px;
      border-radius: 3px;
      font-size: 12.5px;
    }
    .body pre {
      background: #f6f7fa;
      padding: 6px 8px;
      border-radius: 4px;
      overflow: auto;
    }
    .body pre code {
      background: none;
      padding: 0;
    }
    .body blockquote {
      margin: 6px 0;
      padding: 2px 10px;
      border-left: 3px solid #f2a33a;
      background: #fff8ec;
    }
    .body table {
      border-collapse: collapse;
    }
    .body td,
    .body th {
      border: 1px solid #dde;
      padding: 2px 6px;
    }
    .nav {
      display: flex;
      justify-content: space-between;
      margin-top: 8px;
    }
    .badge {
      color: #2e9d5b;
      font-weight: 600;
    }
  `;

  constructor() {
    super();
    this.lesson = null;
    this.lessons = [];
    this.passed = new Set();
    this.check = { kind: "unchecked" };
    this.setup = "";
  }

  private emit(name: string, detail: unknown = {}): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private checkBox() {
    const c = this.check;
    if (c.kind === "checking")
      return html`<div class="check" id="lesson-check" data-state="checking">⏳ ${c.what}</div>`;
    if (c.kind === "error")
      return html`<div class="check" id="lesson-check" data-state="fail"><span class="verdict">Could not check:</span> ${c.message}</div>`;
    if (c.kind === "unchecked")
      return html`<div class="check" id="lesson-check" data-state="unchecked">Not checked yet: press <b>Run &amp; check</b> (Ctrl+Enter).</div>`;
    const r = c.report;
    return html`<div class="check" id="lesson-check" data-state=${r.pass ? "pass" : "fail"}>
      <span class="verdict">${r.pass ? "✓ Passed" : "✗ Not yet"}</span> — checked with ${c.policy}
      ${r.ejected ? html`<div>The scheduler was ejected: ${r.ejected}</div>` : ""}
      <ul>
        ${r.outcomes.map((o) => html`<li class=${o.pass ? "ok" : "no"}>${o.text}</li>`)}
      </ul>
    </div>`;
  }

  render() {
    const l = this.lesson;
    if (!l) return html``;
    if (this.bodyOf !== l.id) {
      this.bodyHtml = renderMarkdown(l.body);
      this.bodyOf = l.id;
    }
    const i = this.lessons.findIndex((x) => x.id === l.id);
    const prev = i > 0 ? this.lessons[i - 1] : undefined;
    const next = i >= 0 && i + 1 < this.lessons.length ? this.lessons[i + 1] : undefined;
    const busy = this.check.kind === "checking";
    return html`<div class="top">
        <h2 id="lesson-title">${l.title} ${this.passed.has(l.id) ? html`<span class="badge" title="passed in this browser">✓</span>` : ""}</h2>
        <button id="lesson-leave" @click=${() => this.emit("lesson-leave")}>leave lesson</button>
      </div>
      <div class="setup">${this.setup} · ${fmtNs(l.durationNs)} · seed ${l.seed}</div>
      <div class="goal"><b>Exercise:</b> ${l.goal}</div>
      <div class="top">
        <button id="lesson-run" class="primary" ?disabled=${busy} @click=${() => this.emit("lesson-check")}>Run &amp; check</button>
        <button id="lesson-reset" ?disabled=${busy} @click=${() => this.emit("lesson-reset")}>start over</button>
        <button id="lesson-solution" ?disabled=${busy} @click=${() => this.emit("lesson-solution")}>show the solution</button>
      </div>
      ${this.checkBox()}
      <div class="body" id="lesson-body">${unsafeHTML(this.bodyHtml)}</div>
      <div class="nav">
        ${prev ? html`<button @click=${() => this.emit("lesson-open", { id: prev.id })}>← ${prev.title}</button>` : html`<span></span>`}
        ${next ? html`<button id="lesson-next" @click=${() => this.emit("lesson-open", { id: next.id })}>${next.title} →</button>` : html`<span></span>`}
      </div>`;
  }
}

if (!customElements.get("lesson-view")) customElements.define("lesson-view", LessonView);
