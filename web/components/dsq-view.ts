// <dsq-view>: the scheduler's queues at the session's instant (abi_snapshot): what each CPU
// runs, what waits in each DSQ in the order it will be dispatched, and which runnable tasks the
// policy holds in its own data structures. Clicking a task reports `select-task`.
import { css, html, LitElement } from "lit";
import type { DsqContents, QueueSnapshot } from "../../src/sim/queueSnapshot.ts";
import { groupColor } from "../lib/colors.ts";

export class DsqView extends LitElement {
  static properties = {
    snapshot: { attribute: false },
    groupOf: { attribute: false },
    groupNames: { attribute: false },
    dsqNames: { attribute: false },
    selectedPid: { type: Number },
  };

  declare snapshot: QueueSnapshot | null;
  declare groupOf: (pid: number) => number;
  declare groupNames: string[];
  declare dsqNames: Map<number | string, string>;
  declare selectedPid: number;

  static styles = css`
    :host {
      display: block;
      font-size: 12px;
    }
    .cpus {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
      margin-bottom: 8px;
    }
    .cpu {
      border: 1px solid #dde;
      border-radius: 4px;
      padding: 2px 6px;
      min-width: 64px;
      background: #fafbfd;
    }
    .cpu .id {
      color: #778;
      font-size: 11px;
    }
    .idle {
      color: #99a;
      font-style: italic;
    }
    .dsq {
      display: flex;
      gap: 6px;
      align-items: baseline;
      padding: 3px 0;
      border-top: 1px solid #eef;
    }
    .dsq .name {
      min-width: 150px;
      color: #334;
      font-family: ui-monospace, Menlo, Consolas, monospace;
      font-size: 11.5px;
    }
    .dsq .mode {
      color: #889;
      font-size: 11px;
      min-width: 64px;
    }
    .tasks {
      display: flex;
      flex-wrap: wrap;
      gap: 3px;
    }
    .task {
      border-radius: 3px;
      padding: 0 5px;
      color: #fff;
      cursor: pointer;
      font-size: 11.5px;
      white-space: nowrap;
      border: 2px solid transparent;
    }
    .task.selected {
      border-color: #111;
    }
    .empty {
      color: #99a;
    }
    .note {
      color: #889;
      font-size: 11px;
      margin-top: 4px;
    }
  `;

  constructor() {
    super();
    this.snapshot = null;
    this.groupOf = () => -1;
    this.groupNames = [];
    this.dsqNames = new Map();
    this.selectedPid = -1;
  }

  private chip(pid: number) {
    const g = this.groupOf(pid);
    const name = this.groupNames[g];
    return html`<span
      class="task ${pid === this.selectedPid ? "selected" : ""}"
      style="background:${groupColor(g)}"
      data-pid=${pid}
      title="task ${pid}${name ? ` (${name})` : ""}: click to inspect"
      @click=${() =>
        this.dispatchEvent(
          new CustomEvent("select-task", { detail: { pid }, bubbles: true, composed: true }),
        )}
      >${pid}${name ? ` ${name}` : ""}</span
    >`;
  }

  private dsqName(d: DsqContents): string {
    if (d.kind === "local") return `local DSQ of CPU ${d.cpu}`;
    if (d.kind === "global") return "SCX_DSQ_GLOBAL";
    const named = this.dsqNames.get(d.id);
    return named ? `${named} (${d.id})` : `DSQ ${d.id}`;
  }

  render() {
    const s = this.snapshot;
    if (!s)
      return html`<div class="empty">No snapshot (this policy module has no abi_snapshot export).</div>`;
    const shown = s.dsqs.filter((d) => d.kind !== "local" || d.pids.length > 0);
    const emptyLocal = s.dsqs.filter((d) => d.kind === "local" && d.pids.length === 0).length;
    return html`<div class="cpus">
        ${s.running.map(
          (pid, cpu) => html`<div class="cpu" data-cpu=${cpu}>
            <div class="id">CPU ${cpu}</div>
            ${pid >= 0 ? this.chip(pid) : html`<span class="idle">idle</span>`}
          </div>`,
        )}
      </div>
      ${shown.map(
        (d) => html`<div class="dsq" data-dsq=${String(d.id)} data-kind=${d.kind}>
          <span class="name">${this.dsqName(d)}</span>
          <span class="mode">${d.mode === "vtime" ? "by vtime" : d.mode === "fifo" ? "FIFO" : "empty"} · ${d.pids.length}</span>
          <span class="tasks">${d.pids.length ? d.pids.map((p) => this.chip(p)) : html`<span class="empty">—</span>`}</span>
        </div>`,
      )}
      <div class="dsq" data-kind="held">
        <span class="name">held by the policy</span>
        <span class="mode">${s.held.length}</span>
        <span class="tasks">${s.held.length ? s.held.map((p) => this.chip(p)) : html`<span class="empty">—</span>`}</span>
      </div>
      <div class="note">
        Queues in dispatch order (the next task to run first)${emptyLocal ? ` · ${emptyLocal} empty local DSQs not shown` : ""}.
      </div>`;
  }
}

if (!customElements.get("dsq-view")) customElements.define("dsq-view", DsqView);
