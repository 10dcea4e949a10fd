// <step-panel>: step mode for the run on show. It opens the same run (same policy build,
// machine, workload and seed — the simulation is deterministic) as a session in a worker of its
// own and moves it on request: to an instant, by one event, to the next event that calls the
// policy, to the next event of the selected task, or back (re-simulated from the start). Below
// the controls: the event log, the queues, and the task inspector, all at the session's
// instant. It reports `cursor-changed` (the instant, for the timeline's cursor; null when
// closed); `jump` and `select-task` bubble up from the views.
import { css, html, LitElement, type PropertyValues } from "lit";
import type { RunRequest } from "../../src/sim/types.ts";
import type { OpenStint } from "../../src/trace/eventLog.ts";
import { dsqNamesFromSource } from "../../src/trace/valueWords.ts";
import type { StepCommand } from "../../src/worker/stepApi.ts";
import { fmtInt, fmtNs, parseDurationText } from "../lib/format.ts";
import type { RunRecord } from "../lib/runRecord.ts";
import { timelineOf } from "../lib/runRecord.ts";
import { StepClient, type StepState } from "../lib/stepClient.ts";
import { groupOfPid, sliceAt } from "../lib/timelineIndex.ts";
import "./dsq-view.ts";
import type { EventLogData } from "./event-log.ts";
import "./event-log.ts";
import type { InspectorData } from "./task-inspector.ts";
import "./task-inspector.ts";

export class StepPanel extends LitElement {
  static properties = {
    run: { attribute: false },
    request: { attribute: false },
    step: { state: true },
    busy: { state: true },
    error: { state: true },
    note: { state: true },
    pid: { state: true },
    runToText: { state: true },
    groupCpus: { attribute: false },
  };

  declare run: RunRecord | null;
  /** The request that made `run` (its policy build, machine, workload, seed). */
  declare request: RunRequest | null;
  declare step: StepState | null;
  declare busy: boolean;
  declare error: string;
  declare note: string;
  /** The task the inspector shows and "next event of task" follows. */
  declare pid: number;
  declare runToText: string;
  /** The affinity of each workload group (undefined: all CPUs). */
  declare groupCpus: (group: number) => number[] | undefined;

  private client = new StepClient();

  static styles = css`
    :host {
      display: block;
      font-size: 13px;
    }
    .bar {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
      align-items: center;
      margin-bottom: 8px;
    }
    button {
      font: inherit;
      font-size: 12.5px;
      padding: 3px 10px;
      border-radius: 4px;
      border: 1px solid #aab;
      background: #fff;
      cursor: pointer;
    }
    button.primary {
      background: #2f6fd6;
      color: #fff;
      border-color: #2f6fd6;
    }
    button:disabled {
      opacity: 0.5;
      cursor: default;
    }
    input {
      font: inherit;
      font-size: 12.5px;
      width: 80px;
    }
    .status {
      font-family: ui-monospace, Menlo, Consolas, monospace;
      font-size: 12px;
      color: #334;
      background: #f3f5fa;
      padding: 3px 8px;
      border-radius: 4px;
    }
    .note {
      color: #667;
      font-size: 12px;
    }
    .error {
      color: #a33;
      white-space: pre-wrap;
    }
    .grid {
      display: grid;
      grid-template-columns: minmax(0, 1.4fr) minmax(0, 1fr);
      gap: 12px;
    }
    @media (max-width: 1000px) {
      .grid {
        grid-template-columns: 1fr;
      }
    }
    h3 {
      font-size: 12px;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      color: #667;
      margin: 4px 0 6px;
    }
    .box {
      border: 1px solid #d6d8e0;
      border-radius: 6px;
      padding: 8px;
      background: #fff;
      margin-bottom: 10px;
    }
    .sep {
      width: 1px;
      height: 20px;
      background: #dde;
    }
  `;

  constructor() {
    super();
    this.run = null;
    this.request = null;
    this.step = null;
    this.busy = false;
    this.error = "";
    this.note = "";
    this.pid = -1;
    this.runToText = "";
    this.groupCpus = () => undefined;
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.client.close();
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    // A new run closes the session: it belonged to the previous one.
    if (changed.has("request") && changed.get("request") !== undefined && this.step) this.close();
  }

  get isOpen(): boolean {
    return this.step !== null;
  }

  /** Opens a session of the run on show at time 0. */
  async open(): Promise<void> {
    const req = this.request;
    if (!req) return;
    await this.act(() => this.client.open({ ...req, trace: true, log: true }));
  }

  close(): void {
    this.client.close();
    this.step = null;
    this.note = "";
    this.error = "";
    this.emitCursor();
  }

  /** Sends a command (public for tests and keyboard use). */
  async command(cmd: StepCommand): Promise<void> {
    if (!this.step) await this.open();
    await this.act(() => this.client.step(cmd));
  }

  private async act(f: () => Promise<StepState>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = "";
    try {
      const s = await f();
      this.step = s;
      this.note = this.describe(s);
    } catch (e) {
      this.error = (e as Error).message;
      if (!this.client.connected) this.step = null;
    } finally {
      this.busy = false;
      this.emitCursor();
    }
  }

  private describe(s: StepState): string {
    const last = s.last;
    if (s.status === "ejected") return `the scheduler was ejected: ${s.exit?.reason ?? ""}`;
    if (s.status === "done") return "the run is over: step back, or close";
    if (!last) return "at the start, after ops.init: step forward";
    if (!last.found) {
      return last.command === "task"
        ? `task ${this.pid} has nothing more happening before the end`
        : "nothing found before the end";
    }
    const events = last.to.events - last.from.events;
    if (last.command === "back") return `back to event ${fmtInt(last.to.events)}`;
    return `${fmtInt(Math.abs(events))} event${Math.abs(events) === 1 ? "" : "s"} (${fmtNs(last.to.nowNs - last.from.nowNs)})`;
  }

  private emitCursor(): void {
    this.dispatchEvent(
      new CustomEvent("cursor-changed", {
        detail: { nowNs: this.step ? this.step.nowNs : null },
        bubbles: true,
        composed: true,
      }),
    );
  }

  /** Stints going on at the instant: from the snapshot, their start from the finished run. */
  private openStints(): OpenStint[] {
    const s = this.step;
    const run = this.run;
    if (!s?.snapshot || s.status !== "ready") return [];
    const index = run ? timelineOf(run) : null;
    const out: OpenStint[] = [];
    s.snapshot.running.forEach((pid, cpu) => {
      if (pid < 0) return;
      let t0 = s.nowNs;
      const slices = index?.slices[cpu];
      if (slices) {
        const i = sliceAt(slices, s.nowNs);
        if (i >= 0 && slices.pid[i] === pid) t0 = slices.start[i] as number;
      }
      out.push({ cpu, pid, t0 });
    });
    return out;
  }

  private onRunTo(): void {
    const ns = parseDurationText(this.runToText);
    if (ns === null) {
      this.error = `"${this.runToText}" is not a time: write e.g. 12.5ms, 300us, 1s (a bare number is ms)`;
      return;
    }
    void this.command({ kind: "runTo", ns });
  }

  private onSelect = (e: Event) => {
    this.pid = (e as CustomEvent<{ pid: number }>).detail.pid;
  };

  render() {
    const s = this.step;
    const run = this.run;
    if (!s) {
      return html`<div class="bar">
          <button id="step-open" class="primary" ?disabled=${!this.request || this.busy} @click=${() => this.open()}>
            Step through this run
          </button>
          <span class="note">Replays the run above from its start, one decision at a time: what each callback was asked and answered, the queues, each task's states.</span>
        </div>
        ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ""}`;
    }
    const groupNames = run?.raw.request.groupNames ?? [];
    const groupOf = run ? groupOfPid(run.raw.taskStats) : () => -1;
    const dsqNames = dsqNamesFromSource(this.request?.policy.source ?? "");
    const openStints = this.openStints();
    const data: EventLogData & InspectorData = {
      trace: s.trace,
      log: s.log,
      nowNs: s.nowNs,
      openStints,
      lastTraceFrom: s.last?.traceFrom ?? Number.POSITIVE_INFINITY,
      lastLogFrom: s.last?.logFrom ?? Number.POSITIVE_INFINITY,
      taskStates: s.taskStates,
      serial: s.serial,
    };
    const ready = s.status === "ready" && !this.busy;
    return html`<div class="bar">
        <button id="step-restart" ?disabled=${this.busy} @click=${() => this.open()} title="back to time 0">restart</button>
        <button id="step-back" ?disabled=${this.busy || !s.canBack} @click=${() => this.command({ kind: "back" })} title="the stop before this one (re-simulated from the start)">◀ back</button>
        <span class="sep"></span>
        <button id="step-event" ?disabled=${!ready} @click=${() => this.command({ kind: "events", n: 1 })}>next event</button>
        <button id="step-callback" ?disabled=${!ready} @click=${() => this.command({ kind: "callback" })} title="run to the end of the next event that calls the policy">next callback</button>
        <button id="step-task" ?disabled=${!ready || this.pid <= 0} @click=${() => this.command({ kind: "task", pid: this.pid })} title="run to the next event of the task in the inspector">next event of task ${this.pid > 0 ? this.pid : ""}</button>
        <button id="step-1ms" ?disabled=${!ready} @click=${() => this.command({ kind: "runTo", ns: s.nowNs + 1_000_000 })}>+1 ms</button>
        <span class="sep"></span>
        <label>run to <input id="run-to" placeholder="12.5ms" .value=${this.runToText} @input=${(e: Event) => (this.runToText = (e.target as HTMLInputElement).value)} @keydown=${(e: KeyboardEvent) => e.key === "Enter" && this.onRunTo()} /></label>
        <button id="step-go" ?disabled=${this.busy} @click=${() => this.onRunTo()}>go</button>
        <span class="sep"></span>
        <button id="step-close" @click=${() => this.close()}>close</button>
      </div>
      <div class="bar">
        <span class="status" id="step-status" data-status=${s.status}>t = ${(s.nowNs / 1e6).toFixed(6)} ms · event ${fmtInt(s.events)} · ${s.status}</span>
        <span class="note" id="step-note">${this.busy ? "…" : this.note}</span>
      </div>
      ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ""}
      <div class="grid" @select-task=${this.onSelect}>
        <div class="box">
          <h3>Event log</h3>
          <event-log
            .data=${data}
            .groupNames=${groupNames}
            .dsqNames=${dsqNames}
            .ncpus=${run?.raw.ncpus ?? 0}
            .selectedPid=${this.pid}
          ></event-log>
        </div>
        <div>
          <div class="box">
            <h3>Queues now</h3>
            <dsq-view
              .snapshot=${s.snapshot}
              .groupOf=${groupOf}
              .groupNames=${groupNames}
              .dsqNames=${dsqNames}
              .selectedPid=${this.pid}
            ></dsq-view>
          </div>
          <div class="box">
            <h3>Task</h3>
            <task-inspector
              .data=${data}
              .pid=${this.pid}
              .groupNames=${groupNames}
              .groupOf=${groupOf}
              .dsqNames=${dsqNames}
              .allowedCpus=${this.groupCpus}
            ></task-inspector>
          </div>
        </div>
      </div>`;
  }
}

if (!customElements.get("step-panel")) customElements.define("step-panel", StepPanel);
