// <lesson-menu>: the header's list of lessons, ✓ before those this browser has passed, and the
// lesson folders that do not parse (disabled, saying why, so a teacher sees the mistake).
// Reports `lesson-open` { id }, as <lesson-view>'s links do. The menu is a launcher, not a
// setting: it goes back to its title after every choice.
import { css, html, LitElement } from "lit";
import type { Lesson } from "../../src/lessons/lesson.ts";

export class LessonMenu extends LitElement {
  static properties = {
    lessons: { attribute: false },
    broken: { attribute: false },
    passed: { attribute: false },
    lessonOpen: { type: Boolean },
  };

  declare lessons: readonly Lesson[];
  /** Lesson folders that do not parse, with why. */
  declare broken: readonly { id: string; message: string }[];
  /** Ids of the lessons this browser has passed. */
  declare passed: ReadonlySet<string>;
  /** A lesson is open (the menu then drops its book, the lesson view is there). */
  declare lessonOpen: boolean;

  static styles = css`
    /* An item of the header's row. */
    :host {
      display: contents;
    }
    select {
      font: inherit;
      font-size: 13px;
    }
  `;

  constructor() {
    super();
    this.lessons = [];
    this.broken = [];
    this.passed = new Set();
    this.lessonOpen = false;
  }

  render() {
    return html`<select id="lesson-select" aria-label="open a lesson" @change=${this.onSelect} title="guided lessons with exercises that check themselves">
      <option value="">${this.lessonOpen ? "Lessons…" : "📘 Lessons…"}</option>
      ${this.lessons.map((l, i) => html`<option value=${l.id}>${this.passed.has(l.id) ? "✓" : "·"} ${i + 1}. ${l.title}</option>`)}
      ${this.broken.map((e) => html`<option value="" disabled title=${e.message}>✗ ${e.id} (broken: ${e.message.slice(0, 60)})</option>`)}
    </select>`;
  }

  private onSelect(e: Event): void {
    const select = e.target as HTMLSelectElement;
    const id = select.value;
    select.value = "";
    if (!id) return;
    this.dispatchEvent(
      new CustomEvent("lesson-open", { detail: { id }, bubbles: true, composed: true }),
    );
  }
}

if (!customElements.get("lesson-menu")) customElements.define("lesson-menu", LessonMenu);
