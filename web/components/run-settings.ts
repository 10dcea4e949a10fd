// <run-settings>: simulated duration and seed. Reports `settings-changed` { durationNs, seed }.
import { css, html, LitElement } from "lit";
import { durationText, parseDurationText } from "../lib/format.ts";

export class RunSettings extends LitElement {
  static properties = {
    durationNs: { type: Number },
    seed: { type: Number },
    bad: { state: true },
  };

  declare durationNs: number;
  declare seed: number;
  declare bad: string;

  static styles = css`
    :host {
      display: grid;
      grid-template-columns: auto 1fr auto 1fr;
      gap: 6px;
      align-items: center;
      font-size: 13px;
    }
    input {
      width: 100%;
      box-sizing: border-box;
    }
    .bad {
      grid-column: 1 / -1;
      color: #a33;
      font-size: 12px;
    }
  `;

  constructor() {
    super();
    this.durationNs = 1e9;
    this.seed = 1;
    this.bad = "";
  }

  render() {
    return html`<label for="duration">Duration</label>
      <input id="duration" .value=${durationText(this.durationNs)} title="e.g. 500ms, 2s, 10s" @change=${this.onDuration} />
      <label for="seed">Seed</label>
      <input id="seed" type="number" min="0" step="1" .value=${String(this.seed)} @change=${this.onSeed} />
      ${this.bad ? html`<div class="bad">${this.bad}</div>` : ""}`;
  }

  private onDuration(e: Event): void {
    const input = e.target as HTMLInputElement;
    const ns = parseDurationText(input.value);
    if (ns === null) {
      this.bad = `not a duration: "${input.value}" (write e.g. 500ms or 2s)`;
      return;
    }
    this.bad = "";
    this.emit(ns, this.seed);
  }

  private onSeed(e: Event): void {
    const v = Number((e.target as HTMLInputElement).value);
    if (!Number.isSafeInteger(v) || v < 0) {
      this.bad = "the seed is a whole number ≥ 0";
      return;
    }
    this.bad = "";
    this.emit(this.durationNs, v);
  }

  private emit(durationNs: number, seed: number): void {
    this.dispatchEvent(
      new CustomEvent("settings-changed", {
        detail: { durationNs, seed },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

if (!customElements.get("run-settings")) customElements.define("run-settings", RunSettings);
