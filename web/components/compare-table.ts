// <compare-table>: pinned runs side by side, each metric with its change against the first
// pinned run (the baseline), green when better, red when worse. Reports `unpin` { id }.
import { css, html, LitElement } from "lit";
import { runColor } from "../lib/colors.ts";
import { COMPARE_ROWS, delta } from "../lib/compareRows.ts";
import type { RunRecord } from "../lib/runRecord.ts";

export class CompareTable extends LitElement {
  static properties = { runs: { attribute: false } };
  declare runs: RunRecord[];

  static styles = css`
    :host {
      display: block;
      font-size: 12.5px;
      overflow-x: auto;
    }
    table {
      border-collapse: collapse;
      min-width: 100%;
    }
    th,
    td {
      padding: 3px 8px;
      border-bottom: 1px solid #eef;
      text-align: right;
      font-variant-numeric: tabular-nums;
      vertical-align: top;
    }
    th:first-child,
    td:first-child {
      text-align: left;
      color: #556;
    }
    thead th {
      font-weight: 600;
      border-bottom: 2px solid #dde;
      max-width: 16em;
    }
    .delta {
      font-size: 11px;
      margin-left: 4px;
    }
    .better {
      color: #1a7f37;
    }
    .worse {
      color: #c62828;
    }
    .same {
      color: #889;
    }
    .ejected {
      color: #c62828;
      font-weight: 400;
      font-size: 11px;
    }
    button {
      font-size: 11px;
    }
    .dot {
      display: inline-block;
      width: 8px;
      height: 8px;
      border-radius: 50%;
      margin-right: 4px;
    }
    .empty {
      color: #778;
    }
  `;

  constructor() {
    super();
    this.runs = [];
  }

  render() {
    if (this.runs.length === 0) {
      return html`<div class="empty">Pin runs ("Pin run") to compare them here side by side.</div>`;
    }
    const base = this.runs[0] as RunRecord;
    return html`<table>
      <thead>
        <tr>
          <th>metric</th>
          ${this.runs.map(
            (r, i) => html`<th class="run" title=${r.label}>
              <span class="dot" style="background:${runColor(i)}"></span>${r.label}
              ${r.result.exit.kind === "ejected" ? html`<div class="ejected">ejected</div>` : ""}
              <div>${Object.entries(r.result.params).map(([k, v]) => html`<span class="ejected" style="color:#667">${k}=${String(v)} </span>`)}</div>
              <button @click=${() => this.unpin(r.id)} aria-label="unpin ${r.label}">unpin</button>
            </th>`,
          )}
        </tr>
      </thead>
      <tbody>
        ${COMPARE_ROWS.map(
          (row) => html`<tr>
            <td>${row.label}</td>
            ${this.runs.map((r, i) => {
              const v = row.get(r.result);
              const d = i === 0 ? null : delta(v, row.get(base.result));
              return html`<td>${row.fmt(v)}${d === null ? "" : this.deltaText(d, row.better)}</td>`;
            })}
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private deltaText(d: number, better: -1 | 0 | 1) {
    const cls = Math.abs(d) < 0.005 || better === 0 ? "same" : d * better > 0 ? "better" : "worse";
    const sign = d > 0 ? "+" : "";
    return html`<span class="delta ${cls}">${sign}${(d * 100).toFixed(1)}%</span>`;
  }

  private unpin(id: number): void {
    this.dispatchEvent(new CustomEvent("unpin", { detail: { id }, bubbles: true, composed: true }));
  }
}

if (!customElements.get("compare-table")) customElements.define("compare-table", CompareTable);
