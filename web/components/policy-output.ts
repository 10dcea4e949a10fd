// <policy-output>: what the policy printed during the run (trace() and console.*), folded away
// under the results. A run that printed nothing shows nothing.
import { css, html, LitElement, nothing } from "lit";

export class PolicyOutput extends LitElement {
  static properties = { lines: { attribute: false } };
  declare lines: readonly string[];

  static styles = css`
    :host {
      display: block;
    }
    .debug {
      font-size: 12px;
      margin: 8px 0;
    }
    .debug pre {
      max-height: 14em;
      overflow: auto;
      background: #f6f7fa;
      padding: 6px 8px;
      border-radius: 4px;
    }
  `;

  constructor() {
    super();
    this.lines = [];
  }

  render() {
    if (this.lines.length === 0) return nothing;
    return html`<details class="debug">
      <summary>policy output (${this.lines.length} lines of trace() / console.*)</summary>
      <pre>${this.lines.join("\n")}</pre>
    </details>`;
  }
}

if (!customElements.get("policy-output")) customElements.define("policy-output", PolicyOutput);
