// <policy-picker>: the bar above the policy editor — which policy is in it and where it came
// from: a built-in template to start from, a kept backup to restore, or, with a lesson open,
// the lesson's policy (fixed by the lesson); and whether the source is still the one it
// started from. Reports `template-chosen` { name } and `backup-chosen` { key }.
// `template-chosen` is cancelable: the app cancels it when the user keeps their edits, and the
// menu then shows the policy in the editor again.
import { css, html, LitElement } from "lit";
import { BUILTIN_POLICIES } from "../lib/builtinPolicies.ts";
import type { Draft } from "../lib/drafts.ts";

export class PolicyPicker extends LitElement {
  static properties = {
    policy: { type: String },
    lessonOpen: { type: Boolean },
    edited: { type: Boolean },
    backups: { attribute: false },
  };

  /** The policy in the editor. */
  declare policy: string;
  declare lessonOpen: boolean;
  /** The editor no longer holds the policy's starting source. */
  declare edited: boolean;
  /** Drafts kept in this browser (web/lib/drafts.ts), newest first. */
  declare backups: (Draft & { key: string })[];

  static styles = css`
    :host {
      display: flex;
      gap: 8px;
      align-items: center;
      margin-bottom: 6px;
      font-size: 13px;
    }
    select {
      font: inherit;
      font-size: 13px;
    }
    .meta {
      color: #778;
      font-size: 12px;
      margin: 4px 0 8px;
    }
  `;

  constructor() {
    super();
    this.policy = "";
    this.lessonOpen = false;
    this.edited = false;
    this.backups = [];
  }

  render() {
    return html`${
      this.lessonOpen
        ? html`<span>Lesson policy <b>${this.policy}.ts</b></span>`
        : html`<label for="template">Policy template</label>
          <select id="template" @change=${this.onTemplate}>
            ${BUILTIN_POLICIES.map((p) => html`<option value=${p.name} ?selected=${p.name === this.policy} title=${p.description}>${p.name}</option>`)}
          </select>`
    }
      <span class="meta">${this.edited ? "edited · saved in this browser" : "unedited"}</span>
      ${this.lessonOpen ? "" : this.backupMenu()}`;
  }

  private backupMenu() {
    if (this.backups.length === 0) return "";
    return html`<select id="backups" aria-label="restore a saved draft" @change=${this.onBackup}>
      <option value="">restore a backup…</option>
      ${this.backups.map(
        (b) => html`<option value=${b.key}>
          ${b.policy} · ${new Date(b.savedAt || Number(b.key.split(":").pop())).toLocaleString()} ·
          ${b.source.split("\n").length} lines
        </option>`,
      )}
    </select>`;
  }

  private onTemplate(e: Event): void {
    const select = e.target as HTMLSelectElement;
    const taken = this.dispatchEvent(
      new CustomEvent("template-chosen", {
        detail: { name: select.value },
        bubbles: true,
        composed: true,
        cancelable: true,
      }),
    );
    if (!taken) select.value = this.policy;
  }

  private onBackup(e: Event): void {
    const select = e.target as HTMLSelectElement;
    const key = select.value;
    select.value = "";
    this.dispatchEvent(
      new CustomEvent("backup-chosen", { detail: { key }, bubbles: true, composed: true }),
    );
  }
}

if (!customElements.get("policy-picker")) customElements.define("policy-picker", PolicyPicker);
