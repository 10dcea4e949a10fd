// <workload-picker>: a workload preset, or a custom one written as JSON (the workload file
// format), validated as it is typed. Reports `workload-changed` with { workload, workloadJson }.
import { css, html, LitElement, type PropertyValues } from "lit";
import { listWorkloads } from "../../src/config/workloads/index.ts";
import { CUSTOM_WORKLOAD } from "../lib/appState.ts";
import { resolveWorkload, workloadPresetText } from "../lib/runSetup.ts";
import type { EditorDiagnostic } from "./code-editor.ts";
import "./code-editor.ts";

export class WorkloadPicker extends LitElement {
  static properties = {
    workload: { type: String },
    workloadJson: { type: String },
    ncpus: { type: Number },
    error: { state: true },
  };

  declare workload: string;
  declare workloadJson: string;
  declare ncpus: number;
  declare error: string;

  static styles = css`
    :host {
      display: block;
    }
    select {
      width: 100%;
    }
    .desc {
      color: #556;
      font-size: 12px;
      margin: 4px 0;
    }
    code-editor {
      height: 220px;
    }
    .error {
      color: #a33;
      font-size: 12px;
      white-space: pre-wrap;
      margin-top: 2px;
    }
    .ok {
      color: #386;
      font-size: 12px;
    }
  `;

  constructor() {
    super();
    this.workload = "";
    this.workloadJson = "";
    this.ncpus = 1;
    this.error = "";
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("workload") || changed.has("workloadJson") || changed.has("ncpus"))
      this.validate();
  }

  render() {
    const list = listWorkloads();
    const custom = this.workload === CUSTOM_WORKLOAD;
    const desc = list.find((w) => w.name === this.workload)?.description ?? "";
    return html`<label for="workload">Workload</label>
      <select id="workload" @change=${this.onSelect}>
        ${list.map((w) => html`<option value=${w.name} ?selected=${w.name === this.workload}>${w.name}</option>`)}
        <option value=${CUSTOM_WORKLOAD} ?selected=${custom}>custom (JSON)…</option>
      </select>
      ${
        custom
          ? html`<code-editor
              language="json"
              label="custom workload JSON"
              .value=${this.workloadJson}
              .diagnostics=${this.diagnostics()}
              @value-changed=${this.onEdit}
            ></code-editor>
            ${
              this.error
                ? html`<div class="error" role="alert">${this.error}</div>`
                : html`<div class="ok">valid workload</div>`
            }`
          : html`<div class="desc">${desc}</div>`
      }`;
  }

  /** An error message that names a line points into the editor. */
  private diagnostics(): EditorDiagnostic[] {
    const m = /line (\d+)(?:[^\d]+(\d+))?/i.exec(this.error);
    if (!m) return [];
    return [{ line: Number(m[1]), column: Number(m[2] ?? 1), message: this.error }];
  }

  private validate(): void {
    if (this.workload !== CUSTOM_WORKLOAD) {
      this.error = "";
      return;
    }
    try {
      resolveWorkload({ workload: CUSTOM_WORKLOAD, workloadJson: this.workloadJson }, this.ncpus);
      this.error = "";
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  private onSelect(e: Event): void {
    const name = (e.target as HTMLSelectElement).value;
    // Custom starts from the preset that was selected, so there is something to edit.
    const json =
      name === CUSTOM_WORKLOAD && !this.workloadJson.trim()
        ? workloadPresetText(this.workload)
        : this.workloadJson;
    this.emit(name, json);
  }

  private onEdit(e: CustomEvent<{ value: string }>): void {
    e.stopPropagation();
    this.emit(CUSTOM_WORKLOAD, e.detail.value);
  }

  private emit(workload: string, workloadJson: string): void {
    this.dispatchEvent(
      new CustomEvent("workload-changed", {
        detail: { workload, workloadJson },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

if (!customElements.get("workload-picker"))
  customElements.define("workload-picker", WorkloadPicker);
