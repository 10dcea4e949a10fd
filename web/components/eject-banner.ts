// <eject-banner>: why the scheduler was ejected — the reason, the callback it happened in and
// the simulated time — like the kernel's exit info. Shows nothing for a run that ended normally.
import { css, html, LitElement } from "lit";
import type { RunResult } from "../../src/sim/types.ts";
import { fmtNs } from "../lib/format.ts";

export class EjectBanner extends LitElement {
  static properties = { exit: { attribute: false } };
  declare exit: RunResult["exit"] | null;

  static styles = css`
    :host {
      display: block;
    }
    .banner {
      border: 1px solid #e0a0a0;
      background: #fdecec;
      color: #6b1d1d;
      border-radius: 6px;
      padding: 8px 12px;
      font-size: 13.5px;
    }
    strong {
      color: #a11;
    }
    .meta {
      margin-top: 2px;
      color: #844;
      font-size: 12.5px;
    }
  `;

  constructor() {
    super();
    this.exit = null;
  }

  render() {
    const e = this.exit;
    if (e?.kind !== "ejected") return html``;
    return html`<div class="banner" role="alert">
      <strong>Scheduler ejected:</strong> ${e.reason ?? "unknown reason"}
      <div class="meta">
        callback: <b class="callback">${e.callback ?? "not known"}</b> · at simulated time
        <b>${fmtNs(e.at_ns ?? 0)}</b>
      </div>
    </div>`;
  }
}

if (!customElements.get("eject-banner")) customElements.define("eject-banner", EjectBanner);
