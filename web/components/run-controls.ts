// <run-controls>: Run and Stop, and what the pipeline is doing — a bar of simulated time while
// a run goes, an indeterminate one while compiling, and the last status line. Reports
// `run-requested` and `stop-requested`. The keyboard shortcuts (Ctrl+Enter, Esc) belong to
// <scx-app>, so that they work wherever the focus is.
import { css, html, LitElement } from "lit";
import { fmtNs } from "../lib/format.ts";

/** Where the compile → simulate pipeline is; "starting" until the first run begins. */
export type RunPhase = "starting" | "idle" | "compiling" | "running";

export class RunControls extends LitElement {
  static properties = {
    phase: { type: String },
    progressNs: { type: Number },
    durationNs: { type: Number },
    status: { type: String },
  };

  declare phase: RunPhase;
  /** Simulated time reached by the run going on. */
  declare progressNs: number;
  /** Simulated time the run goes to. */
  declare durationNs: number;
  declare status: string;

  static styles = css`
    /* The buttons and the status line are items of the header's row, beside the app's own. */
    :host {
      display: contents;
    }
    button {
      font: inherit;
      font-size: 13px;
      padding: 4px 12px;
      border-radius: 4px;
      border: 1px solid #aab;
      background: #fff;
      cursor: pointer;
    }
    button:disabled {
      opacity: 0.5;
      cursor: default;
    }
    button.primary {
      background: #2f6fd6;
      color: #fff;
      border-color: #2f6fd6;
    }
    button.stop {
      background: #c62828;
      color: #fff;
      border-color: #c62828;
    }
    .status {
      font-size: 12.5px;
      color: #556;
      display: flex;
      align-items: center;
      gap: 8px;
      flex: 1 1 200px;
      min-width: 0;
    }
    #status-text {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    progress {
      width: 140px;
    }
  `;

  constructor() {
    super();
    this.phase = "starting";
    this.progressNs = 0;
    this.durationNs = 1e9;
    this.status = "";
  }

  render() {
    const busy = this.phase === "compiling" || this.phase === "running";
    return html`<button id="run" class="primary" ?disabled=${busy} @click=${() => this.emit("run-requested")} title="Ctrl+Enter">Run</button>
      <button id="stop" class="stop" ?disabled=${!busy} @click=${() => this.emit("stop-requested")} title="Esc">Stop</button>
      <span class="status" id="status" data-phase=${this.phase}>
        ${
          this.phase === "running"
            ? html`<progress max=${this.durationNs} .value=${this.progressNs}></progress> ${fmtNs(this.progressNs)} / ${fmtNs(this.durationNs)}`
            : this.phase === "compiling"
              ? html`<progress></progress>`
              : ""
        }
        <span id="status-text" title=${this.status}>${this.status}</span>
      </span>`;
  }

  private emit(name: "run-requested" | "stop-requested"): void {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true }));
  }
}

if (!customElements.get("run-controls")) customElements.define("run-controls", RunControls);
