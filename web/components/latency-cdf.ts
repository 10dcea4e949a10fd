// <latency-cdf>: the distribution of wakeup latency (or run delay) per task group, as CDFs on a
// log time axis. Reads the histograms of a run; one line per group, coloured like the timeline.
import { css, html, LitElement, type PropertyValues } from "lit";
import { cdfPoints, drawCdfs } from "../lib/cdf.ts";
import { groupColor } from "../lib/colors.ts";
import type { RunRecord } from "../lib/runRecord.ts";

const METRICS = [
  { id: 0, label: "wakeup latency" },
  { id: 1, label: "run delay" },
] as const;

export class LatencyCdf extends LitElement {
  static properties = {
    run: { attribute: false },
    metric: { state: true },
  };

  declare run: RunRecord | null;
  declare metric: number;

  static styles = css`
    :host {
      display: block;
      font-size: 12px;
    }
    canvas {
      width: 100%;
      height: 220px;
      display: block;
    }
    .bar {
      display: flex;
      flex-wrap: wrap;
      gap: 2px 8px;
      align-items: center;
      color: #556;
    }
    .swatch {
      display: inline-block;
      width: 10px;
      height: 3px;
      vertical-align: 3px;
      margin-right: 3px;
    }
  `;

  constructor() {
    super();
    this.run = null;
    this.metric = 0;
  }

  render() {
    const groups = this.run?.raw.request.groupNames ?? [];
    return html`<div class="bar">
        <select aria-label="latency metric" @change=${(e: Event) => (this.metric = Number((e.target as HTMLSelectElement).value))}>
          ${METRICS.map((m) => html`<option value=${m.id} ?selected=${m.id === this.metric}>${m.label} CDF</option>`)}
        </select>
        ${groups.map((g, i) => html`<span><span class="swatch" style="background:${groupColor(i)}"></span>${g}</span>`)}
      </div>
      <canvas></canvas>`;
  }

  protected updated(_: PropertyValues<this>): void {
    requestAnimationFrame(() => this.draw());
  }

  private draw(): void {
    const canvas = this.renderRoot.querySelector("canvas");
    const run = this.run;
    if (!canvas || !run) return;
    drawCdfs(
      canvas,
      run.raw.histograms.map((byMetric, g) => ({
        color: groupColor(g),
        points: cdfPoints(byMetric[this.metric]),
      })),
    );
  }
}

if (!customElements.get("latency-cdf")) customElements.define("latency-cdf", LatencyCdf);
