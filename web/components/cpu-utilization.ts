// <cpu-utilization>: busy fraction of every CPU as bars, coloured by core type, in CPU order.
import { css, html, LitElement } from "lit";
import { typeColor } from "../lib/colors.ts";
import { fmtPct } from "../lib/format.ts";
import type { RunRecord } from "../lib/runRecord.ts";

export class CpuUtilization extends LitElement {
  static properties = { run: { attribute: false } };
  declare run: RunRecord | null;

  static styles = css`
    :host {
      display: block;
      font-size: 11px;
      color: #556;
    }
    .bars {
      display: flex;
      align-items: flex-end;
      gap: 1px;
      height: 160px;
      border-bottom: 1px solid #ccd;
      border-left: 1px solid #ccd;
      padding-left: 1px;
    }
    .bar {
      flex: 1;
      min-width: 1px;
    }
    .axis {
      display: flex;
      justify-content: space-between;
    }
    .legend span {
      margin-right: 10px;
    }
    .swatch {
      display: inline-block;
      width: 10px;
      height: 10px;
      border-radius: 2px;
      vertical-align: -1px;
      margin-right: 3px;
    }
  `;

  constructor() {
    super();
    this.run = null;
  }

  render() {
    const run = this.run;
    if (!run) return html``;
    const cpus = run.result.cpus;
    const types = run.machine.cpuTypes;
    return html`<div class="legend">
        per-CPU utilisation ·
        ${types.map(
          (t, i) => html`<span><span class="swatch" style="background:${typeColor(i)}"></span>${t}
            ${fmtPct(run.result.summary.utilization_by_type?.[t], 0)}</span>`,
        )}
      </div>
      <div class="bars" role="img" aria-label="per-CPU utilisation">
        ${cpus.map((c) => {
          const ti = run.machine.cpus[c.id]?.typeIndex ?? 0;
          const u = c.utilization ?? 0;
          return html`<div
            class="bar"
            title="CPU ${c.id} (${c.type}): ${fmtPct(u)}"
            style="height:${Math.max(0.5, u * 100)}%;background:${typeColor(ti)}"
          ></div>`;
        })}
      </div>
      <div class="axis"><span>CPU 0</span><span>CPU ${cpus.length - 1}</span></div>`;
  }
}

if (!customElements.get("cpu-utilization"))
  customElements.define("cpu-utilization", CpuUtilization);
