import { html, LitElement } from "lit";

export class ScxApp extends LitElement {
  render() {
    return html`<h1>scx-playground</h1>`;
  }
}

if (!customElements.get("scx-app")) customElements.define("scx-app", ScxApp);
