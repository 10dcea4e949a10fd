// <run-timeline>: the run on a canvas — one row per CPU, grouped by node/LLC/cluster, each stint
// a slice coloured by its task's group. Wheel or +/− zooms, drag or ←/→ pans, 0 resets; hover
// names the task, CPU, start, duration and why it stopped. Drawing goes through pixelSpans
// (web/lib/timelineIndex.ts): its cost follows the canvas width, not the number of slices.
// In step mode `cursorNs` marks the instant the session stands at (what lies after it has not
// been simulated by the session yet, and is shaded); `jumpTo(t)` zooms in on an instant with a
// marker and a "back" button that returns to the view before the jump.
import { css, html, LitElement, type PropertyValues } from "lit";
import { STOP_REASONS } from "../../src/trace/records.ts";
import { groupColor, typeColor } from "../lib/colors.ts";
import { fmtNs } from "../lib/format.ts";
import type { RunRecord } from "../lib/runRecord.ts";
import { timelineOf } from "../lib/runRecord.ts";
import { type CpuSlices, pixelSpans, sliceAt, type TimelineIndex } from "../lib/timelineIndex.ts";
import {
  clampView,
  type Layout,
  layoutRows,
  panView,
  rowAtY,
  timeTicks,
  type View,
  zoomView,
} from "../lib/timelineLayout.ts";

const LABEL_W = 92;
/** The left part of the gutter names node/LLC groups; the right part names CPUs. */
const GROUP_W = 46;
const AXIS_H = 20;

interface Hover {
  x: number;
  y: number;
  lines: string[];
}

export class RunTimeline extends LitElement {
  static properties = {
    run: { attribute: false },
    cursorNs: { attribute: false },
    hover: { state: true },
    jumped: { state: true },
  };

  declare run: RunRecord | null;
  /** Step mode: the session's instant (null: no cursor). */
  declare cursorNs: number | null;
  declare hover: Hover | null;
  /** After jumpTo: the instant marked and the view to go back to. */
  declare jumped: { t: number; back: View } | null;

  /** The current view (exposed for tests and for keyboard control). */
  view: View = { t0: 0, nsPerPx: 1 };
  /** Spans drawn by the last frame (for tests: bounded by the width × rows). */
  lastSpans = 0;
  lastDrawMs = 0;

  private index: TimelineIndex | null = null;
  private layout: Layout | null = null;
  private width = 800;
  private frame = 0;
  private drag: { x: number; view: View } | null = null;
  private resize: ResizeObserver | null = null;

  static styles = css`
    :host {
      display: block;
      position: relative;
      font-size: 12px;
    }
    canvas {
      display: block;
      width: 100%;
      cursor: grab;
      outline: none;
      border: 1px solid #dde;
      border-radius: 4px;
      background: #fff;
    }
    canvas:focus-visible {
      border-color: #57a;
    }
    canvas.dragging {
      cursor: grabbing;
    }
    .bar {
      display: flex;
      flex-wrap: wrap;
      gap: 10px;
      align-items: center;
      margin-bottom: 4px;
      color: #556;
    }
    .swatch {
      display: inline-block;
      width: 10px;
      height: 10px;
      border-radius: 2px;
      margin-right: 3px;
      vertical-align: -1px;
    }
    .back {
      font: inherit;
      font-size: 11.5px;
      padding: 1px 8px;
      border: 1px solid #f59e0b;
      border-radius: 4px;
      background: #fff7e6;
      cursor: pointer;
    }
    .help {
      margin-left: auto;
      color: #889;
      font-size: 11px;
    }
    .tip {
      position: absolute;
      pointer-events: none;
      background: rgba(30, 30, 40, 0.92);
      color: #fff;
      padding: 5px 8px;
      border-radius: 4px;
      font-size: 11.5px;
      line-height: 1.35;
      white-space: nowrap;
      z-index: 2;
    }
    .empty {
      color: #778;
      padding: 8px;
    }
  `;

  constructor() {
    super();
    this.run = null;
    this.cursorNs = null;
    this.hover = null;
    this.jumped = null;
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.resize = new ResizeObserver(() => this.measure());
    this.resize.observe(this);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize?.disconnect();
    cancelAnimationFrame(this.frame);
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("run")) {
      this.index = this.run ? timelineOf(this.run) : null;
      this.layout = this.run ? layoutRows(this.run.machine, this.run.raw.ncpus) : null;
      this.hover = null;
      this.jumped = null;
      this.resetView();
    }
  }

  render() {
    const run = this.run;
    if (!run) return html`<div class="empty">No run yet.</div>`;
    const groups = run.raw.request.groupNames;
    return html`<div class="bar">
        ${groups.map((g, i) => html`<span><span class="swatch" style="background:${groupColor(i)}"></span>${g}</span>`)}
        ${
          this.jumped
            ? html`<button class="back" id="jump-back" @click=${() => this.jumpBack()}>↩ back to the view before ${fmtNs(this.jumped.t)}</button>`
            : ""
        }
        <span class="help">wheel/+/− zoom · drag/←→ pan · 0 reset · ${(this.index?.total ?? 0).toLocaleString("en-US")} slices</span>
      </div>
      <canvas
        tabindex="0"
        role="img"
        aria-label="timeline: one row per CPU"
        data-slices=${this.index?.total ?? 0}
        @wheel=${this.onWheel}
        @pointerdown=${this.onDown}
        @pointermove=${this.onMove}
        @pointerup=${this.onUp}
        @pointerleave=${this.onLeave}
        @keydown=${this.onKey}
      ></canvas>
      ${
        this.hover
          ? html`<div class="tip" style="left:${Math.min(this.hover.x + 14, this.width - 220)}px;top:${this.hover.y + 14}px">
            ${this.hover.lines.map((l) => html`<div>${l}</div>`)}
          </div>`
          : ""
      }`;
  }

  protected updated(changed: PropertyValues<this>): void {
    // Hover changes re-render the tooltip only; the canvas is redrawn on view or size changes.
    if (changed.has("run")) this.measure();
    else if (changed.has("cursorNs") || changed.has("jumped")) this.schedule();
  }

  /** Centres the view on `t` (zoomed in to a few ms if it was wider) and marks it. */
  jumpTo(t: number, windowNs = 2_000_000): void {
    const back = this.jumped?.back ?? this.view;
    const pw = this.plotWidth();
    const nsPerPx = Math.min(this.view.nsPerPx, windowNs / pw);
    this.view = clampView({ t0: t - (pw / 2) * nsPerPx, nsPerPx }, pw, this.spanNs());
    this.jumped = { t, back };
    this.hover = null;
    this.schedule();
  }

  /** Back to the view before the first jump. */
  jumpBack(): void {
    if (!this.jumped) return;
    this.view = this.jumped.back;
    this.jumped = null;
    this.schedule();
  }

  /** Total simulated span shown at full zoom-out. */
  private spanNs(): number {
    return Math.max(1, this.run?.raw.simulatedNs || this.index?.t1 || 1);
  }

  private plotWidth(): number {
    return Math.max(10, this.width - LABEL_W);
  }

  resetView(): void {
    this.view = { t0: 0, nsPerPx: this.spanNs() / this.plotWidth() };
    this.schedule();
  }

  private measure(): void {
    const w = Math.floor(this.getBoundingClientRect().width);
    if (w > 0 && w !== this.width) {
      const full = Math.abs(this.view.nsPerPx * this.plotWidth() - this.spanNs()) < 1;
      this.width = w;
      if (full) this.view = { t0: 0, nsPerPx: this.spanNs() / this.plotWidth() };
    }
    this.schedule();
  }

  private schedule(): void {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.draw());
  }

  /** Draws now (tests call this to time a frame). */
  draw(): void {
    const canvas = this.renderRoot.querySelector("canvas");
    const index = this.index;
    const layout = this.layout;
    if (!canvas || !index || !layout || !this.run) return;
    const t = performance.now();
    const dpr = window.devicePixelRatio || 1;
    const cssH = AXIS_H + layout.height + 4;
    canvas.style.height = `${cssH}px`;
    const W = Math.round(this.width * dpr);
    const H = Math.round(cssH * dpr);
    if (canvas.width !== W) canvas.width = W;
    if (canvas.height !== H) canvas.height = H;
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.width, cssH);
    const pw = this.plotWidth();
    const { t0, nsPerPx } = this.view;
    const rh = layout.rowHeight;
    const machine = this.run.machine;

    // Rows: a faint background, then spans.
    let spans = 0;
    let lastLabelY = Number.NEGATIVE_INFINITY;
    for (const row of layout.rows) {
      const y = AXIS_H + row.y;
      ctx.fillStyle = "#f4f5f8";
      ctx.fillRect(LABEL_W, y, pw, rh - (rh > 4 ? 1 : 0));
      const s = index.slices[row.cpu] as CpuSlices;
      const h = rh > 4 ? rh - 1 : rh;
      spans += pixelSpans(s, t0, nsPerPx, pw, (sp) => {
        ctx.globalAlpha = sp.coverage >= 1 ? 1 : 0.2 + 0.8 * sp.coverage;
        ctx.fillStyle = groupColor(sp.group);
        const w = sp.x1 - sp.x0;
        ctx.fillRect(LABEL_W + sp.x0, y, w, h);
        if (!sp.merged && w >= 4) {
          // A light edge so that back-to-back slices of one group stay apart.
          ctx.globalAlpha = 0.6;
          ctx.fillStyle = "#fff";
          ctx.fillRect(LABEL_W + sp.x0, y, 1, h);
        }
      });
      ctx.globalAlpha = 1;
      // Label: the CPU id after a dot of its core type's colour (every row when they fit).
      if (y - lastLabelY >= 10) {
        lastLabelY = y;
        const cpu = machine.cpus[row.cpu];
        const label = `CPU ${row.cpu}`;
        ctx.font = `${Math.min(11, Math.max(8, rh - 1))}px system-ui, sans-serif`;
        ctx.textAlign = "right";
        ctx.textBaseline = "middle";
        ctx.fillStyle = "#445";
        ctx.fillText(label, LABEL_W - 6, y + rh / 2);
        ctx.fillStyle = typeColor(cpu?.typeIndex ?? 0);
        const dot = Math.min(7, Math.max(4, rh - 4));
        ctx.fillRect(
          LABEL_W - 10 - ctx.measureText(label).width - dot,
          y + (rh - dot) / 2,
          dot,
          dot,
        );
      }
    }
    // Node/LLC groups: a bracket over their rows and a name.
    const starts = layout.rows.filter((r) => r.groupLabel);
    starts.forEach((r, k) => {
      const top = AXIS_H + r.y;
      const next = starts[k + 1];
      const bottom = AXIS_H + (next ? next.y - 5 : layout.height);
      ctx.fillStyle = "#aab";
      ctx.fillRect(GROUP_W - 4, top, 1, bottom - top);
      ctx.fillStyle = "#667";
      ctx.font = "10px system-ui, sans-serif";
      ctx.textAlign = "left";
      ctx.textBaseline = "top";
      for (const [i, part] of (r.groupLabel as string).split(" · ").entries()) {
        ctx.fillText(part, 2, top + i * 11);
      }
    });
    this.lastSpans = spans;

    // Time axis.
    ctx.fillStyle = "#556";
    ctx.font = "10px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    const t1 = t0 + pw * nsPerPx;
    for (const tick of timeTicks(t0, t1, Math.max(2, Math.floor(pw / 110)))) {
      const x = LABEL_W + (tick - t0) / nsPerPx;
      ctx.fillRect(x, AXIS_H - 5, 1, 5);
      ctx.fillText(fmtNs(tick), Math.min(this.width - 22, Math.max(LABEL_W + 12, x)), 3);
    }

    // Step mode: shade what the session has not reached yet, and draw its instant.
    const plotTop = AXIS_H;
    if (this.cursorNs !== null && this.cursorNs !== undefined) {
      const x = LABEL_W + (this.cursorNs - t0) / nsPerPx;
      if (x < LABEL_W + pw) {
        const from = Math.max(LABEL_W, x);
        ctx.fillStyle = "rgba(255,255,255,0.55)";
        ctx.fillRect(from, plotTop, LABEL_W + pw - from, layout.height);
      }
      if (x >= LABEL_W && x <= LABEL_W + pw) {
        ctx.fillStyle = "#1d4ed8";
        ctx.fillRect(x - 1, 0, 2, plotTop + layout.height);
      }
    }
    if (this.jumped) {
      const x = LABEL_W + (this.jumped.t - t0) / nsPerPx;
      if (x >= LABEL_W && x <= LABEL_W + pw) {
        ctx.fillStyle = "#f59e0b";
        ctx.fillRect(x - 1, plotTop, 2, layout.height);
      }
    }

    // Where an ejection happened.
    const exit = this.run.result.exit;
    if (exit.kind === "ejected" && exit.at_ns !== undefined) {
      const x = LABEL_W + (exit.at_ns - t0) / nsPerPx;
      if (x >= LABEL_W && x <= LABEL_W + pw) {
        ctx.fillStyle = "#d22";
        ctx.fillRect(x - 1, AXIS_H, 2, layout.height);
      }
    }
    this.lastDrawMs = performance.now() - t;
  }

  private setView(v: View): void {
    this.view = v;
    this.hover = null;
    this.schedule();
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    const x = e.offsetX - LABEL_W;
    const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    this.setView(
      zoomView(this.view, Math.exp(delta * 0.002), Math.max(0, x), this.plotWidth(), this.spanNs()),
    );
  }

  private onDown(e: PointerEvent): void {
    const canvas = e.currentTarget as HTMLCanvasElement;
    canvas.setPointerCapture(e.pointerId);
    canvas.classList.add("dragging");
    this.drag = { x: e.clientX, view: this.view };
  }

  private onUp(e: PointerEvent): void {
    (e.currentTarget as HTMLCanvasElement).classList.remove("dragging");
    this.drag = null;
  }

  private onLeave(): void {
    if (!this.drag) this.hover = null;
  }

  private onMove(e: PointerEvent): void {
    if (this.drag) {
      const v = panView(this.drag.view, e.clientX - this.drag.x, this.plotWidth(), this.spanNs());
      this.view = v;
      this.schedule();
      return;
    }
    this.hover = this.hoverAt(e.offsetX, e.offsetY);
  }

  /** What the tooltip says at a point of the canvas (CSS pixels), or null. */
  hoverAt(x: number, y: number): Hover | null {
    const index = this.index;
    const layout = this.layout;
    const run = this.run;
    if (!index || !layout || !run || x < LABEL_W) return null;
    const r = rowAtY(layout, y - AXIS_H);
    if (r < 0) return null;
    const cpu = (layout.rows[r] as { cpu: number }).cpu;
    const s = index.slices[cpu] as CpuSlices;
    const t = this.view.t0 + (x - LABEL_W) * this.view.nsPerPx;
    // Within half a pixel either side, so a sub-pixel slice can still be hovered.
    let i = sliceAt(s, t);
    if (i < 0) i = sliceAt(s, t + this.view.nsPerPx / 2);
    if (i < 0) i = sliceAt(s, t - this.view.nsPerPx / 2);
    const type = run.machine.cpus[cpu]?.type ?? "";
    if (i < 0) return { x, y, lines: [`CPU ${cpu} (${type}) idle at ${fmtNs(t)}`] };
    const g = s.group[i] as number;
    const start = s.start[i] as number;
    const end = s.end[i] as number;
    return {
      x,
      y,
      lines: [
        `task ${s.pid[i]} · ${run.raw.request.groupNames[g] ?? "?"}`,
        `CPU ${cpu} (${type})`,
        `start ${fmtNs(start)} · ran ${fmtNs(end - start)}`,
        `stopped: ${STOP_REASONS[s.stop[i] as number] ?? s.stop[i]}`,
      ],
    };
  }

  private onKey(e: KeyboardEvent): void {
    const pw = this.plotWidth();
    const span = this.spanNs();
    const mid = pw / 2;
    const keys: Record<string, () => View> = {
      ArrowLeft: () => panView(this.view, pw * 0.15, pw, span),
      ArrowRight: () => panView(this.view, -pw * 0.15, pw, span),
      "+": () => zoomView(this.view, 0.6, mid, pw, span),
      "=": () => zoomView(this.view, 0.6, mid, pw, span),
      ArrowUp: () => zoomView(this.view, 0.6, mid, pw, span),
      "-": () => zoomView(this.view, 1 / 0.6, mid, pw, span),
      ArrowDown: () => zoomView(this.view, 1 / 0.6, mid, pw, span),
      "0": () => ({ t0: 0, nsPerPx: span / pw }),
      Home: () => ({ t0: 0, nsPerPx: span / pw }),
    };
    const f = keys[e.key];
    if (!f) return;
    e.preventDefault();
    this.setView(f());
  }
}

if (!customElements.get("run-timeline")) customElements.define("run-timeline", RunTimeline);
