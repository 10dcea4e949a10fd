// <compare-cdf>: the wakeup latency CDF of every pinned run (all groups together), one line per
// run in the run's colour of the compare table.
import { css, html, LitElement } from "lit";
import { mergeHistograms } from "../../src/metrics/histogram.ts";
import { METRIC } from "../../src/metrics/layout.ts";
import { cdfPoints, drawCdfs } from "../lib/cdf.ts";
import { runColor } from "../lib/colors.ts";
import type { RunRecord } from "../lib/runRecord.ts";

export class CompareCdf extends LitElement {
  static properties = { runs: { attribute: false } };
  declare runs: RunRecord[];

  static styles = css`
    :host {
      display: block;
      font-size: 12px;
      color: #556;
    }
    canvas {
      width: 100%;
      height: 200px;
      display: block;
    }
  `;

  constructor() {
    super();
    this.runs = [];
  }

  render() {
    return this.runs.length > 0
      ? html`<div>wakeup latency CDF of each pinned run (all groups)</div><canvas></canvas>`
      : html``;
  }

  protected updated(): void {
    requestAnimationFrame(() => {
      const canvas = this.renderRoot.querySelector("canvas");
      if (!canvas) return;
      drawCdfs(
        canvas,
        this.runs.map((r, i) => ({
          color: runColor(i),
          points: cdfPoints(
            mergeHistograms(
              r.raw.histograms.map((h) => h[METRIC.wakeupLatency]).filter((h) => h !== undefined),
            ),
          ),
        })),
      );
    });
  }
}

if (!customElements.get("compare-cdf")) customElements.define("compare-cdf", CompareCdf);
