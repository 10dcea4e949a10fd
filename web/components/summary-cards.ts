// <summary-cards>: the headline numbers of a run, one card each.
import { css, html, LitElement } from "lit";
import type { RunResult } from "../../src/sim/types.ts";
import { fmtInt, fmtNs, fmtNum, fmtPct } from "../lib/format.ts";

export interface Card {
  key: string;
  label: string;
  value: string;
  sub?: string;
}

export function summaryCards(r: RunResult): Card[] {
  const s = r.summary;
  const byType = Object.entries(s.utilization_by_type ?? {})
    .map(([t, u]) => `${t} ${fmtPct(u, 0)}`)
    .join(" · ");
  return [
    {
      key: "wakeup-p50",
      label: "wakeup latency p50",
      value: fmtNs(s.wakeup_latency_ns.p50),
      sub: `${fmtInt(s.wakeup_latency_ns.count)} wakeups`,
    },
    {
      key: "wakeup-p99",
      label: "wakeup latency p99",
      value: fmtNs(s.wakeup_latency_ns.p99),
      sub: `max ${fmtNs(s.wakeup_latency_ns.max)}`,
    },
    {
      key: "run-delay",
      label: "run delay p99",
      value: fmtNs(s.run_delay_ns.p99),
      sub: `p50 ${fmtNs(s.run_delay_ns.p50)}`,
    },
    {
      key: "throughput",
      label: "throughput",
      value: `${fmtNum(s.throughput_per_s ?? 0)}/s`,
      sub: `${fmtInt(s.tasks_exited)} tasks finished`,
    },
    {
      key: "fairness",
      label: "fairness (Jain)",
      value: s.fairness_jain === null ? "–" : s.fairness_jain.toFixed(3),
      sub: "CPU time per weight",
    },
    { key: "utilization", label: "utilisation", value: fmtPct(s.utilization), sub: byType },
    {
      key: "migrations",
      label: "migrations",
      value: fmtInt(s.migrations),
      sub: `${fmtInt(s.context_switches)} context switches`,
    },
    {
      key: "energy",
      label: "energy",
      value: s.energy_j === null ? "–" : `${fmtNum(s.energy_j)} J`,
      sub: s.energy_j === null ? "no energy model" : "",
    },
  ];
}

export class SummaryCards extends LitElement {
  static properties = { result: { attribute: false } };
  declare result: RunResult | null;

  static styles = css`
    :host {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
      gap: 8px;
    }
    .card {
      border: 1px solid #dde;
      border-radius: 6px;
      padding: 6px 10px;
      background: #fff;
    }
    .label {
      color: #667;
      font-size: 11.5px;
    }
    .value {
      font-size: 20px;
      font-weight: 600;
      font-variant-numeric: tabular-nums;
    }
    .sub {
      color: #889;
      font-size: 11px;
      min-height: 1em;
    }
  `;

  constructor() {
    super();
    this.result = null;
  }

  render() {
    if (!this.result) return html``;
    return html`${summaryCards(this.result).map(
      (c) => html`<div class="card" data-key=${c.key}>
        <div class="label">${c.label}</div>
        <div class="value">${c.value}</div>
        <div class="sub">${c.sub ?? ""}</div>
      </div>`,
    )}`;
  }
}

if (!customElements.get("summary-cards")) customElements.define("summary-cards", SummaryCards);
