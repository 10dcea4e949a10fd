// <task-inspector>: one task up to the session's instant — its states over time (running,
// runnable, sleeping: a strip and totals), its longest waits with the CPU it waited for and who
// ran there meanwhile, the CPUs it ran on, and the slice and vtime the policy last gave it.
// Clicking a wait reports `jump` (its start, for the timeline).
import { css, html, LitElement, type PropertyValues } from "lit";
import { TASK_STATES } from "../../src/sim/stepper.ts";
import type { OpenStint } from "../../src/trace/eventLog.ts";
import { type TaskHistory, taskHistory, taskSchedParams } from "../../src/trace/taskHistory.ts";
import { dsqJson } from "../../src/trace/values.ts";
import { durationWords } from "../../src/trace/valueWords.ts";
import { groupColor } from "../lib/colors.ts";
import { fmtNs } from "../lib/format.ts";

const STATE_COLORS = { running: "#2e9d5b", runnable: "#f2a33a", sleeping: "#c9ccd6" } as const;
const MAX_WAITS = 8;

export interface InspectorData {
  trace: ArrayBuffer;
  log: ArrayBuffer;
  nowNs: number;
  openStints: OpenStint[];
  taskStates: Int8Array;
  serial: number;
}

export class TaskInspector extends LitElement {
  static properties = {
    data: { attribute: false },
    pid: { type: Number },
    groupNames: { attribute: false },
    groupOf: { attribute: false },
    dsqNames: { attribute: false },
    allowedCpus: { attribute: false },
  };

  declare data: InspectorData | null;
  declare pid: number;
  declare groupNames: string[];
  declare groupOf: (pid: number) => number;
  declare dsqNames: Map<number | string, string>;
  /** The CPUs a group may run on (its affinity), undefined = all. */
  declare allowedCpus: (group: number) => number[] | undefined;

  private history: TaskHistory | null = null;
  private key = "";

  static styles = css`
    :host {
      display: block;
      font-size: 12px;
    }
    .head {
      display: flex;
      gap: 10px;
      align-items: baseline;
      flex-wrap: wrap;
      margin-bottom: 6px;
    }
    .name {
      font-weight: 600;
      font-size: 13px;
    }
    .state {
      padding: 0 6px;
      border-radius: 3px;
      background: #eef;
    }
    canvas {
      width: 100%;
      height: 18px;
      display: block;
      border: 1px solid #dde;
      border-radius: 3px;
    }
    .legend {
      display: flex;
      gap: 10px;
      color: #667;
      margin: 3px 0 6px;
    }
    .sw {
      display: inline-block;
      width: 9px;
      height: 9px;
      border-radius: 2px;
      margin-right: 3px;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 2px 10px;
      margin: 4px 0 8px;
    }
    dt {
      color: #667;
    }
    dd {
      margin: 0;
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    th {
      text-align: left;
      color: #667;
      font-weight: 500;
      border-bottom: 1px solid #dde;
    }
    td {
      padding: 2px 4px 2px 0;
      vertical-align: top;
      border-bottom: 1px solid #f0f0f5;
    }
    tr.wait {
      cursor: pointer;
    }
    tr.wait:hover {
      background: #eef3fb;
    }
    .empty {
      color: #889;
    }
  `;

  constructor() {
    super();
    this.data = null;
    this.pid = -1;
    this.groupNames = [];
    this.groupOf = () => -1;
    this.dsqNames = new Map();
    this.allowedCpus = () => undefined;
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    const d = this.data;
    const key = d ? `${d.serial}:${this.pid}` : "";
    if (key !== this.key) {
      this.key = key;
      this.history =
        d && this.pid > 0
          ? taskHistory(d.trace, this.pid, { untilNs: d.nowNs, openStints: d.openStints })
          : null;
    }
    void changed;
  }

  protected updated(): void {
    this.drawStrip();
  }

  private name(pid: number): string {
    const g = this.groupNames[this.groupOf(pid)];
    return g ? `${pid} "${g}"` : `${pid}`;
  }

  private drawStrip(): void {
    const canvas = this.renderRoot.querySelector("canvas");
    const h = this.history;
    const d = this.data;
    if (!canvas || !h || !d) return;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(10, Math.floor(canvas.getBoundingClientRect().width));
    canvas.width = w * dpr;
    canvas.height = 18 * dpr;
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, 18);
    const span = Math.max(1, d.nowNs);
    for (const s of h.spans) {
      const x0 = (s.t0 / span) * w;
      const x1 = (s.t1 / span) * w;
      ctx.fillStyle = STATE_COLORS[s.state];
      ctx.fillRect(x0, 0, Math.max(0.5, x1 - x0), 18);
    }
  }

  private jump(t: number): void {
    this.dispatchEvent(new CustomEvent("jump", { detail: { t }, bubbles: true, composed: true }));
  }

  render() {
    const d = this.data;
    const h = this.history;
    if (!d || this.pid <= 0 || !h) {
      return html`<div class="empty">Pick a task: click one in the event log or the queues.</div>`;
    }
    const stateNow = TASK_STATES[d.taskStates[this.pid - 1] as number] ?? "unknown";
    const total = h.totals.running + h.totals.runnable + h.totals.sleeping;
    const pct = (x: number) => (total > 0 ? ` (${((100 * x) / total).toFixed(0)} %)` : "");
    const params = taskSchedParams(d.log, this.pid, d.nowNs);
    const waits = [...h.waits].sort((a, b) => b.t1 - b.t0 - (a.t1 - a.t0)).slice(0, MAX_WAITS);
    const dsq = (raw: bigint | undefined) => {
      if (raw === undefined) return "";
      const id = dsqJson(raw);
      return this.dsqNames.get(id) ?? String(id);
    };
    const sliceText = (v: bigint | undefined) =>
      v === undefined ? "" : v === (1n << 64n) - 1n ? "SCX_SLICE_INF" : durationWords(Number(v));
    return html`<div class="head">
        <span class="name" style="color:${groupColor(h.group)}">${this.name(this.pid)}</span>
        <span class="state" id="state-now">${stateNow} now</span>
        <span>created ${fmtNs(h.createdAt)}${Number.isNaN(h.exitedAt) ? "" : ` · exited ${fmtNs(h.exitedAt)}`}</span>
      </div>
      <canvas aria-label="states of the task over time"></canvas>
      <div class="legend">
        ${(["running", "runnable", "sleeping"] as const).map(
          (s) =>
            html`<span><span class="sw" style="background:${STATE_COLORS[s]}"></span>${s} ${fmtNs(h.totals[s])}${pct(h.totals[s])}</span>`,
        )}
      </div>
      <dl>
        <dt>CPUs it ran on</dt>
        <dd>${h.cpus.length ? h.cpus.map((c) => `CPU ${c.cpu}: ${fmtNs(c.ns)}`).join(" · ") : "none yet"}</dd>
        <dt>CPUs it may use</dt>
        <dd id="allowed">${this.allowedCpus(h.group)?.join(", ") ?? "all"}</dd>
        <dt>migrations</dt>
        <dd>${h.migrations}</dd>
        <dt>waits</dt>
        <dd>${h.waits.length}${h.waits.length ? ` · longest ${fmtNs(Math.max(...h.waits.map((w) => w.t1 - w.t0)))}` : ""}</dd>
        <dt>slice</dt>
        <dd id="slice">${params.slice ? html`${sliceText(params.slice.slice)} <span class="empty">(${params.slice.call}${params.slice.dsq !== undefined ? ` to ${dsq(params.slice.dsq)}` : ""} at ${fmtNs(params.slice.t)})</span>` : html`<span class="empty">not set by the policy yet</span>`}</dd>
        <dt>vtime</dt>
        <dd id="vtime">${params.vtime?.vtime !== undefined ? html`${params.vtime.vtime.toString()} <span class="empty">(${params.vtime.call} at ${fmtNs(params.vtime.t)})</span>` : html`<span class="empty">not used by the policy</span>`}</dd>
      </dl>
      ${
        waits.length
          ? html`<table>
              <thead><tr><th>waited</th><th>from</th><th>for CPU</th><th>who ran there meanwhile</th></tr></thead>
              <tbody>
                ${waits.map(
                  (
                    w,
                  ) => html`<tr class="wait" @click=${() => this.jump(w.t0)} title="show on the timeline">
                    <td>${fmtNs(w.t1 - w.t0)}</td>
                    <td>${fmtNs(w.t0)}</td>
                    <td>${w.cpu}${w.ranOn >= 0 && w.ranOn !== w.cpu ? html` <span class="empty">(ran on ${w.ranOn})</span>` : ""}${w.ranOn < 0 ? html` <span class="empty">(still waiting)</span>` : ""}</td>
                    <td>${
                      w.meanwhile.length
                        ? w.meanwhile
                            .slice(0, 4)
                            .map((o) => `${this.name(o.pid)} ${fmtNs(o.ns)}`)
                            .join(", ")
                        : html`<span class="empty">nobody (the CPU was idle or switching)</span>`
                    }</td>
                  </tr>`,
                )}
              </tbody>
            </table>`
          : html`<div class="empty">It has not waited yet.</div>`
      }`;
  }
}

if (!customElements.get("task-inspector")) customElements.define("task-inspector", TaskInspector);
