// <knobs-panel>: one input per knob, i.e. per exported mutable global of the policy. Knobs come
// from the compiled module (with their defaults); before the first compile, from the source
// scan (types only). Reports `knobs-changed` with the values that differ from the defaults.
import { css, html, LitElement } from "lit";
import type { KnobInfo } from "../../src/sim/types.ts";

export class KnobsPanel extends LitElement {
  static properties = {
    knobs: { attribute: false },
    values: { attribute: false },
  };

  declare knobs: (Omit<KnobInfo, "defaultValue"> & { defaultValue?: number | boolean })[];
  declare values: Record<string, number | boolean>;

  static styles = css`
    :host {
      display: block;
      font-size: 13px;
    }
    .knob {
      display: grid;
      grid-template-columns: 1fr auto;
      gap: 6px;
      align-items: center;
      margin: 3px 0;
    }
    .type {
      color: #889;
      font-size: 11px;
    }
    input[type="number"] {
      width: 9em;
    }
    .none {
      color: #778;
      font-size: 12px;
    }
    button {
      font-size: 11px;
    }
  `;

  constructor() {
    super();
    this.knobs = [];
    this.values = {};
  }

  render() {
    if (this.knobs.length === 0) {
      return html`<div class="none">No knobs: export a mutable global (<code>export let x: u64 = …</code>) to get one.</div>`;
    }
    return html`${this.knobs.map((k) => this.knob(k))}
      ${Object.keys(this.values).length > 0 ? html`<button @click=${() => this.emit({})}>reset knobs</button>` : ""}`;
  }

  private knob(k: KnobsPanel["knobs"][number]) {
    const set = Object.hasOwn(this.values, k.name);
    const value = set ? this.values[k.name] : k.defaultValue;
    const id = `knob-${k.name}`;
    const label = html`<label for=${id}>${k.name} <span class="type">${k.type}</span></label>`;
    if (k.type === "bool") {
      return html`<div class="knob">
        ${label}<input id=${id} type="checkbox" .checked=${value === true || value === 1} @change=${(e: Event) => this.set(k, (e.target as HTMLInputElement).checked)} />
      </div>`;
    }
    const integer = k.type !== "f32" && k.type !== "f64";
    return html`<div class="knob">
      ${label}<input
        id=${id}
        type="number"
        step=${integer ? "1" : "any"}
        .value=${set ? String(value) : ""}
        placeholder=${k.defaultValue === undefined ? "default" : String(k.defaultValue)}
        @change=${(e: Event) => {
          const text = (e.target as HTMLInputElement).value.trim();
          this.set(k, text === "" ? undefined : Number(text));
        }}
      />
    </div>`;
  }

  private set(k: KnobsPanel["knobs"][number], v: number | boolean | undefined): void {
    const next = { ...this.values };
    if (v === undefined || v === k.defaultValue || (typeof v === "number" && !Number.isFinite(v)))
      delete next[k.name];
    else next[k.name] = v;
    this.emit(next);
  }

  private emit(values: Record<string, number | boolean>): void {
    this.dispatchEvent(
      new CustomEvent("knobs-changed", {
        detail: { knobs: values },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

if (!customElements.get("knobs-panel")) customElements.define("knobs-panel", KnobsPanel);
