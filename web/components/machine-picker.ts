// <machine-picker>: a machine preset and its topology. Reports `machine-changed` with the name.
import { css, html, LitElement } from "lit";
import { drawTopology } from "../../src/config/drawTopology.ts";
import { listMachines } from "../../src/config/machine.ts";
import { machinePreset } from "../lib/runSetup.ts";
import "./topology-diagram.ts";

export class MachinePicker extends LitElement {
  static properties = { machine: { type: String } };
  declare machine: string;

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
    details {
      font-size: 11px;
    }
    pre {
      overflow: auto;
      max-height: 16em;
    }
  `;

  constructor() {
    super();
    this.machine = "";
  }

  render() {
    const list = listMachines();
    let m = null;
    try {
      m = machinePreset(this.machine);
    } catch {
      m = null;
    }
    return html`<label for="machine">Machine</label>
      <select id="machine" @change=${this.onChange}>
        ${list.map((x) => html`<option value=${x.name} ?selected=${x.name === this.machine}>${x.name}</option>`)}
      </select>
      ${
        m
          ? html`<div class="desc">${m.description} · ${m.cpus.length} CPUs</div>
            <topology-diagram .machine=${m}></topology-diagram>
            <details><summary>as text</summary><pre>${drawTopology(m)}</pre></details>`
          : html`<div class="desc">unknown machine ${this.machine}</div>`
      }`;
  }

  private onChange(e: Event): void {
    const name = (e.target as HTMLSelectElement).value;
    this.dispatchEvent(
      new CustomEvent("machine-changed", {
        detail: { machine: name },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

if (!customElements.get("machine-picker")) customElements.define("machine-picker", MachinePicker);
