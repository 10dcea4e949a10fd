// <event-log>: step mode's log — every callback with its arguments and return value, the
// helpers it called (indented under it), and every state change of a task, in plain words, up
// to the session's instant (src/trace/eventLog.ts builds the rows). Filters by CPU, task, group
// and callback. The rows of the last step are highlighted. Clicking a row reports `jump`
// (its instant, for the timeline) and `select-task` (its task, for the inspector).
import { css, html, LitElement, type PropertyValues } from "lit";
import { buildEventLog, type EventRow, type OpenStint } from "../../src/trace/eventLog.ts";
import { groupColor } from "../lib/colors.ts";

/** Rows shown at once; "earlier" pages back. */
const PAGE = 300;

export interface EventLogData {
  trace: ArrayBuffer;
  log: ArrayBuffer;
  nowNs: number;
  openStints: OpenStint[];
  /** Records from these indices on came from the last step. */
  lastTraceFrom: number;
  lastLogFrom: number;
  serial: number;
}

export class EventLog extends LitElement {
  static properties = {
    data: { attribute: false },
    groupNames: { attribute: false },
    dsqNames: { attribute: false },
    ncpus: { type: Number },
    selectedPid: { type: Number },
    cpu: { state: true },
    pid: { state: true },
    group: { state: true },
    call: { state: true },
    kinds: { state: true },
    shown: { state: true },
  };

  declare data: EventLogData | null;
  declare groupNames: string[];
  declare dsqNames: Map<number | string, string>;
  declare ncpus: number;
  declare selectedPid: number;
  /** Filters: −1 / "" = any. */
  declare cpu: number;
  declare pid: number;
  declare group: number;
  declare call: string;
  declare kinds: { callback: boolean; helper: boolean; state: boolean };
  declare shown: number;

  private rows: EventRow[] = [];
  private rowsKey = "";

  static styles = css`
    :host {
      display: block;
      font-size: 12px;
    }
    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
      margin-bottom: 6px;
      color: #556;
    }
    select,
    input {
      font: inherit;
      font-size: 12px;
    }
    .list {
      max-height: 460px;
      overflow: auto;
      border: 1px solid #dde;
      border-radius: 4px;
      background: #fff;
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      font-size: 11.5px;
    }
    .row {
      display: grid;
      grid-template-columns: 86px 46px 1fr;
      gap: 6px;
      padding: 1px 6px;
      border-left: 3px solid transparent;
      cursor: pointer;
      white-space: pre-wrap;
      word-break: break-word;
    }
    .row:hover {
      background: #eef3fb;
    }
    .row.state {
      color: #334;
      font-family: system-ui, sans-serif;
      font-size: 12px;
    }
    .row.callback {
      color: #1f3a68;
    }
    .row.helper {
      color: #555;
    }
    .row.helper .text {
      padding-left: 18px;
    }
    .row.last {
      background: #fff7d6;
    }
    .row.selected {
      border-left-color: #2f6fd6;
    }
    .t,
    .cpu {
      color: #889;
      text-align: right;
    }
    .more {
      padding: 4px 6px;
      color: #556;
    }
    .more button {
      font: inherit;
      font-size: 11.5px;
    }
    .count {
      margin-left: auto;
      color: #889;
    }
    .dot {
      display: inline-block;
      width: 8px;
      height: 8px;
      border-radius: 2px;
      margin-right: 4px;
    }
  `;

  constructor() {
    super();
    this.data = null;
    this.groupNames = [];
    this.dsqNames = new Map();
    this.ncpus = 0;
    this.selectedPid = -1;
    this.cpu = -1;
    this.pid = -1;
    this.group = -1;
    this.call = "";
    this.kinds = { callback: true, helper: true, state: true };
    this.shown = PAGE;
  }

  /** Every row up to the instant (rebuilt when the data changes). */
  allRows(): EventRow[] {
    const d = this.data;
    if (!d) return [];
    const key = `${d.serial}:${this.groupNames.join(",")}:${this.dsqNames.size}`;
    if (key !== this.rowsKey) {
      this.rows = buildEventLog({
        trace: d.trace,
        log: d.log,
        groupNames: this.groupNames,
        dsqNames: this.dsqNames,
        openStints: d.openStints,
        untilNs: d.nowNs,
      });
      this.rowsKey = key;
    }
    return this.rows;
  }

  private passes(r: EventRow, rows: EventRow[]): boolean {
    if (!this.kinds[r.kind]) return false;
    if (this.cpu >= 0 && r.cpu !== this.cpu) return false;
    if (this.pid >= 0 && r.pid !== this.pid) return false;
    if (this.group >= 0 && r.group !== this.group) return false;
    if (this.call) {
      // A callback filter keeps those callbacks and the helpers they called.
      const own = r.kind === "callback" ? r : r.parent >= 0 ? rows[r.parent] : undefined;
      if (r.kind === "helper" && r.name === this.call) return true;
      if (!own || own.name !== this.call) return false;
    }
    return true;
  }

  /** The serial of the data last shown: a new step resets paging and scrolls to the end. */
  private shownSerial = -1;
  private follow = false;

  protected willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("data") && this.data && this.data.serial !== this.shownSerial) {
      this.shownSerial = this.data.serial;
      this.shown = PAGE;
      this.follow = true;
    }
  }

  protected updated(): void {
    if (!this.follow) return;
    this.follow = false;
    // Follow the instant: the newest rows are at the bottom.
    const list = this.renderRoot.querySelector(".list");
    if (list) list.scrollTop = list.scrollHeight;
  }

  private isLast(r: EventRow): boolean {
    const d = this.data;
    if (!d) return false;
    return r.kind === "state"
      ? r.record >= d.lastTraceFrom && r.record >= 0
      : r.record >= d.lastLogFrom;
  }

  private onRow(r: EventRow): void {
    this.dispatchEvent(
      new CustomEvent("jump", { detail: { t: r.t }, bubbles: true, composed: true }),
    );
    if (r.pid > 0) {
      this.dispatchEvent(
        new CustomEvent("select-task", { detail: { pid: r.pid }, bubbles: true, composed: true }),
      );
    }
  }

  private callNames(rows: EventRow[]): string[] {
    const names = new Set<string>();
    for (const r of rows) if (r.kind !== "state") names.add(r.name);
    return [...names].sort((a, b) =>
      a.startsWith("ops.") === b.startsWith("ops.")
        ? a.localeCompare(b)
        : a.startsWith("ops.")
          ? -1
          : 1,
    );
  }

  private pids(rows: EventRow[]): number[] {
    const set = new Set<number>();
    for (const r of rows) if (r.pid > 0) set.add(r.pid);
    return [...set].sort((a, b) => a - b);
  }

  render() {
    const rows = this.allRows();
    const matching: EventRow[] = [];
    for (const r of rows) if (this.passes(r, rows)) matching.push(r);
    const start = Math.max(0, matching.length - this.shown);
    const visible = matching.slice(start);
    const name = (pid: number) => {
      const r = rows.find((x) => x.pid === pid);
      const g = r ? this.groupNames[r.group] : undefined;
      return g ? `${pid} "${g}"` : String(pid);
    };
    const toggle = (k: keyof EventLog["kinds"]) => (e: Event) => {
      this.kinds = { ...this.kinds, [k]: (e.target as HTMLInputElement).checked };
    };
    return html`<div class="filters">
        <label>CPU <select id="f-cpu" @change=${(e: Event) => (this.cpu = Number((e.target as HTMLSelectElement).value))}>
          <option value="-1">any</option>
          ${Array.from({ length: this.ncpus }, (_, c) => html`<option value=${c} ?selected=${c === this.cpu}>${c}</option>`)}
        </select></label>
        <label>task <select id="f-task" @change=${(e: Event) => (this.pid = Number((e.target as HTMLSelectElement).value))}>
          <option value="-1">any</option>
          ${this.pids(rows).map((p) => html`<option value=${p} ?selected=${p === this.pid}>${name(p)}</option>`)}
        </select></label>
        <label>group <select id="f-group" @change=${(e: Event) => (this.group = Number((e.target as HTMLSelectElement).value))}>
          <option value="-1">any</option>
          ${this.groupNames.map((g, i) => html`<option value=${i} ?selected=${i === this.group}>${g}</option>`)}
        </select></label>
        <label>call <select id="f-call" @change=${(e: Event) => (this.call = (e.target as HTMLSelectElement).value)}>
          <option value="">any</option>
          ${this.callNames(rows).map((c) => html`<option value=${c} ?selected=${c === this.call}>${c}</option>`)}
        </select></label>
        <label><input type="checkbox" ?checked=${this.kinds.callback} @change=${toggle("callback")} />callbacks</label>
        <label><input type="checkbox" ?checked=${this.kinds.helper} @change=${toggle("helper")} />helpers</label>
        <label><input type="checkbox" ?checked=${this.kinds.state} @change=${toggle("state")} />task states</label>
        <span class="count">${matching.length.toLocaleString("en-US")} of ${rows.length.toLocaleString("en-US")} rows</span>
      </div>
      <div class="list" role="log" aria-label="event log">
        ${
          start > 0
            ? html`<div class="more">${start.toLocaleString("en-US")} earlier rows · <button id="earlier" @click=${() => (this.shown += PAGE)}>show ${Math.min(PAGE, start)} more</button></div>`
            : ""
        }
        ${visible.map(
          (r) => html`<div
            class="row ${r.kind} ${this.isLast(r) ? "last" : ""} ${r.pid > 0 && r.pid === this.selectedPid ? "selected" : ""}"
            data-kind=${r.kind}
            data-name=${r.name}
            @click=${() => this.onRow(r)}
            title="click: show this instant on the timeline"
          >
            <span class="t">${(r.t / 1e6).toFixed(3)} ms</span>
            <span class="cpu">${r.cpu >= 0 ? `CPU ${r.cpu}` : ""}</span>
            <span class="text">${r.kind === "state" && r.group >= 0 ? html`<span class="dot" style="background:${groupColor(r.group)}"></span>` : ""}${r.text}</span>
          </div>`,
        )}
        ${rows.length === 0 ? html`<div class="more">Nothing has happened yet: step forward.</div>` : ""}
      </div>`;
  }
}

if (!customElements.get("event-log")) customElements.define("event-log", EventLog);
