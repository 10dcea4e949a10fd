// <scx-app>: the playground. It owns the shareable state (web/lib/appState.ts), mirrors it to
// the URL and the policy source to localStorage, and runs the pipeline: compile in the
// compiler worker → encode machine and workload → simulate in the simulation worker → show.
// Child components get data through properties and report user actions through events.
import { css, html, LitElement } from "lit";
import type { CompileDiagnostic } from "../../src/compile/PolicyCompileError.ts";
import { scanKnobs } from "../../src/compile/scanOps.ts";
import type { CompiledPolicy } from "../../src/sim/types.ts";
import { type AppState, CUSTOM_WORKLOAD, defaultState } from "../lib/appState.ts";
import { BUILTIN_POLICIES, builtinSource, DEFAULT_POLICY } from "../lib/builtinPolicies.ts";
import { CompileAborted, CompilerClient } from "../lib/compilerClient.ts";
import { download, perfettoBlobParts } from "../lib/download.ts";
import {
  backupDraft,
  chooseSource,
  fingerprint,
  listBackups,
  loadDraft,
  saveDraft,
} from "../lib/drafts.ts";
import { fmtNs } from "../lib/format.ts";
import { makeRunRecord, type RunRecord } from "../lib/runRecord.ts";
import { buildRequest, machinePreset } from "../lib/runSetup.ts";
import { RunStopped, SimClient } from "../lib/simClient.ts";
import { applyDecoded, decodeState, encodeState } from "../lib/urlCodec.ts";
import type { CodeEditor } from "./code-editor.ts";
import "./code-editor.ts";
import "./compare-cdf.ts";
import "./compare-table.ts";
import "./cpu-utilization.ts";
import "./eject-banner.ts";
import "./knobs-panel.ts";
import "./latency-cdf.ts";
import "./machine-picker.ts";
import "./problems-list.ts";
import "./run-settings.ts";
import "./run-timeline.ts";
import "./summary-cards.ts";
import "./workload-picker.ts";

type Phase = "starting" | "idle" | "compiling" | "running";

const TEMPLATE = builtinSource(DEFAULT_POLICY) ?? "";
const MAX_PINNED = 6;
/** Quiet time after an edit before the policy is compiled in the background (live errors). */
const CHECK_DELAY_MS = 1200;
const URL_DELAY_MS = 300;

export class ScxApp extends LitElement {
  static properties = {
    state: { state: true },
    phase: { state: true },
    progressNs: { state: true },
    status: { state: true },
    problems: { state: true },
    problemText: { state: true },
    compiled: { state: true },
    current: { state: true },
    pinned: { state: true },
    runError: { state: true },
  };

  declare state: AppState;
  declare phase: Phase;
  declare progressNs: number;
  declare status: string;
  declare problems: CompileDiagnostic[];
  declare problemText: string;
  declare compiled: CompiledPolicy | null;
  declare current: RunRecord | null;
  declare pinned: RunRecord[];
  declare runError: string;

  private readonly compiler = new CompilerClient(TEMPLATE);
  private readonly sim = new SimClient();
  private controller: AbortController | null = null;
  private checkTimer: ReturnType<typeof setTimeout> | undefined;
  private urlTimer: ReturnType<typeof setTimeout> | undefined;
  private lastHash = "";
  private readonly defaults = defaultState(TEMPLATE);

  static styles = css`
    :host {
      display: block;
      font-family: system-ui, -apple-system, "Segoe UI", sans-serif;
      color: #223;
      --line: #d6d8e0;
    }
    header {
      display: flex;
      align-items: center;
      gap: 10px;
      padding: 8px 14px;
      border-bottom: 1px solid var(--line);
      background: #f8f9fc;
      position: sticky;
      top: 0;
      z-index: 5;
      flex-wrap: wrap;
    }
    h1 {
      font-size: 17px;
      margin: 0 10px 0 0;
    }
    h1 small {
      font-weight: 400;
      color: #778;
      font-size: 12px;
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
    .spacer {
      flex: 1;
    }
    main {
      display: grid;
      grid-template-columns: minmax(0, 1.35fr) minmax(300px, 1fr);
      gap: 14px;
      padding: 12px 14px;
    }
    @media (max-width: 900px) {
      main {
        grid-template-columns: 1fr;
      }
    }
    section {
      min-width: 0;
    }
    h2 {
      font-size: 13px;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      color: #667;
      margin: 12px 0 6px;
    }
    h2:first-child {
      margin-top: 0;
    }
    .editor-bar {
      display: flex;
      gap: 8px;
      align-items: center;
      margin-bottom: 6px;
      font-size: 13px;
    }
    #policy-editor {
      height: 520px;
    }
    problems-list {
      margin-top: 6px;
    }
    .panel {
      border: 1px solid var(--line);
      border-radius: 6px;
      padding: 10px;
      margin-bottom: 10px;
      background: #fff;
    }
    .results {
      padding: 0 14px 20px;
    }
    .plots {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
      gap: 14px;
    }
    @media (max-width: 900px) {
      .plots {
        grid-template-columns: 1fr;
      }
    }
    .error {
      color: #a33;
      white-space: pre-wrap;
      font-size: 13px;
    }
    .meta {
      color: #778;
      font-size: 12px;
      margin: 4px 0 8px;
    }
    eject-banner {
      margin-bottom: 8px;
    }
    summary-cards {
      margin-bottom: 10px;
    }
    select {
      font: inherit;
      font-size: 13px;
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
    this.state = defaultState(TEMPLATE);
    this.phase = "starting";
    this.progressNs = 0;
    this.status = "starting…";
    this.problems = [];
    this.problemText = "";
    this.compiled = null;
    this.current = null;
    this.pinned = [];
    this.runError = "";
  }

  connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener("hashchange", this.onHashChange);
    window.addEventListener("pagehide", this.flush);
    void this.start();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener("hashchange", this.onHashChange);
    window.removeEventListener("pagehide", this.flush);
    this.controller?.abort();
    this.compiler.terminate();
    this.sim.terminate();
  }

  /** Opens with the link's state (or the draft, or the template) and runs it. */
  private async start(): Promise<void> {
    await this.loadFromHash(location.hash);
    if (!this.isConnected) return;
    this.sim.prestart();
    // The first run's compile loads and warms the compiler (CompilerClient.warmup is for
    // pages that do not compile at once).
    await this.run();
  }

  private async loadFromHash(hash: string): Promise<void> {
    const decoded = hash ? await decodeState(hash) : null;
    const fromUrl = decoded ? applyDecoded(decoded, this.defaults, builtinSource) : null;
    const draft = loadDraft();
    const chosen = chooseSource(
      draft,
      fromUrl ? { policy: fromUrl.policy, source: fromUrl.source } : undefined,
      { policy: DEFAULT_POLICY, source: TEMPLATE },
    );
    if (chosen.replacedDraft && draft) backupDraft(draft);
    this.state = { ...(fromUrl ?? this.defaults), policy: chosen.policy, source: chosen.source };
    this.lastHash = hash.replace(/^#/, "");
    this.saveSource();
  }

  private readonly onHashChange = () => {
    const hash = location.hash.replace(/^#/, "");
    if (hash === this.lastHash) return;
    void this.loadFromHash(location.hash).then(() => this.run());
  };

  /** Saves the source now and writes the URL now (page hide, before a run). */
  private readonly flush = () => {
    this.saveSource();
  };

  private saveSource(urlSource?: string): void {
    const prev = loadDraft();
    saveDraft({
      policy: this.state.policy,
      source: this.state.source,
      urlSource: urlSource ?? prev?.urlSource ?? "",
    });
  }

  private async writeUrl(): Promise<void> {
    clearTimeout(this.urlTimer);
    const state = this.state;
    const hash = await encodeState(state, this.defaults, builtinSource(state.policy));
    if (!this.isConnected) return;
    this.lastHash = hash;
    if (location.hash.replace(/^#/, "") !== hash) history.replaceState(null, "", `#${hash}`);
    // The URL now holds this source: a reload with it restores the draft (web/lib/drafts.ts).
    this.saveSource(fingerprint(state.source));
  }

  private scheduleUrl(): void {
    clearTimeout(this.urlTimer);
    this.urlTimer = setTimeout(() => void this.writeUrl(), URL_DELAY_MS);
  }

  private patchState(patch: Partial<AppState>): void {
    this.state = { ...this.state, ...patch };
    this.scheduleUrl();
  }

  // ---- editing ---------------------------------------------------------------------------

  private onSource(e: CustomEvent<{ value: string }>): void {
    this.state = { ...this.state, source: e.detail.value };
    this.saveSource(); // every keystroke: never lose code
    this.scheduleUrl();
    clearTimeout(this.checkTimer);
    this.checkTimer = setTimeout(() => void this.check(), CHECK_DELAY_MS);
  }

  /** Background compile after an edit: errors show up without pressing Run. */
  private async check(): Promise<void> {
    if (this.phase !== "idle") return;
    const { source, policy } = this.state;
    try {
      const out = await this.compiler.compile(source, policy);
      if (source !== this.state.source) return;
      this.showCompile(out);
    } catch {
      // Stopped or the worker went away: the next run compiles again.
    }
  }

  private showCompile(out: Awaited<ReturnType<CompilerClient["compile"]>>): void {
    if (out.ok) {
      this.compiled = out.policy;
      this.problems = [];
      this.problemText = "";
    } else {
      this.problems = out.diagnostics.length > 0 ? out.diagnostics : out.otherDiagnostics;
      this.problemText = out.message;
    }
  }

  private onTemplate(e: Event): void {
    const select = e.target as HTMLSelectElement;
    const name = select.value;
    const source = builtinSource(name);
    if (source === undefined) return;
    const edited = this.state.source !== builtinSource(this.state.policy);
    if (
      edited &&
      !confirm(
        `Replace the policy in the editor with the ${name} template? (Your edits are kept as a backup in this browser.)`,
      )
    ) {
      select.value = this.state.policy;
      return;
    }
    const draft = loadDraft();
    if (draft && edited) backupDraft(draft);
    this.patchState({ policy: name, source, knobs: {} });
    this.saveSource();
    this.problems = [];
    this.problemText = "";
  }

  /** Puts a backed-up draft back in the editor (the current source is backed up first). */
  private onRestore(e: Event): void {
    const select = e.target as HTMLSelectElement;
    const backup = listBackups().find((b) => b.key === select.value);
    select.value = "";
    if (!backup) return;
    const draft = loadDraft();
    if (draft && draft.source !== backup.source) backupDraft(draft);
    this.patchState({ policy: backup.policy, source: backup.source });
    this.saveSource();
  }

  private goto(e: CustomEvent<{ line: number; column: number }>): void {
    (this.renderRoot.querySelector("#policy-editor") as CodeEditor | null)?.goto(
      e.detail.line,
      e.detail.column,
    );
  }

  private onKeydown = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
      e.preventDefault();
      void this.run();
    } else if (e.key === "Escape" && this.controller) {
      e.preventDefault();
      this.stop();
    }
  };

  // ---- running ---------------------------------------------------------------------------

  /** Compile (if needed) and simulate the current state. */
  async run(): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const state = this.state;
    this.saveSource(); // before every run
    void this.writeUrl();
    this.runError = "";
    this.progressNs = 0;
    this.phase = "compiling";
    this.status = this.compiler.cached(state.source, state.policy)
      ? "compiling…"
      : "compiling (the first compile takes a few seconds)…";
    const t0 = performance.now();
    try {
      const out = await this.compiler.compile(state.source, state.policy, controller.signal);
      if (controller.signal.aborted) return;
      this.showCompile(out);
      if (!out.ok) {
        this.phase = "idle";
        this.status = `compile failed (${this.problems.length || 1} error${this.problems.length === 1 ? "" : "s"})`;
        return;
      }
      const compileMs = performance.now() - t0;
      let req: ReturnType<typeof buildRequest>;
      try {
        req = buildRequest(state, out.policy);
      } catch (e) {
        this.phase = "idle";
        this.runError = (e as Error).message;
        this.status = "cannot run";
        return;
      }
      this.phase = "running";
      this.status = "running…";
      const raw = await this.sim.run(req, {
        signal: controller.signal,
        onProgress: (ns) => {
          this.progressNs = ns;
        },
      });
      if (controller.signal.aborted) return;
      const record = makeRunRecord(state, machinePreset(state.machine), raw);
      this.current = record;
      this.phase = "idle";
      const how = raw.exit.kind === "ejected" ? "ejected" : "done";
      this.status = `${how}: ${fmtNs(raw.simulatedNs)} simulated, ${raw.events.toLocaleString("en-US")} events · compile ${Math.round(compileMs)} ms, run ${Math.round(raw.wallMs)} ms`;
    } catch (e) {
      if (controller.signal.aborted || e instanceof RunStopped || e instanceof CompileAborted) {
        this.phase = "idle";
        this.status = "stopped";
        return;
      }
      this.phase = "idle";
      this.runError = (e as Error).message;
      this.status = "failed";
    } finally {
      if (this.controller === controller) this.controller = null;
    }
  }

  /** Stops whatever is going on: its worker is terminated, the next run starts a fresh one. */
  stop(): void {
    if (!this.controller) return;
    this.controller.abort();
    this.controller = null;
    this.phase = "idle";
    this.status = "stopped";
  }

  private pin(): void {
    const cur = this.current;
    if (!cur || this.pinned.some((r) => r.id === cur.id)) return;
    this.pinned = [...this.pinned, cur].slice(-MAX_PINNED);
  }

  private unpin(e: CustomEvent<{ id: number }>): void {
    this.pinned = this.pinned.filter((r) => r.id !== e.detail.id);
  }

  private async share(): Promise<void> {
    await this.writeUrl();
    try {
      await navigator.clipboard.writeText(location.href);
      this.status = "link copied";
    } catch {
      this.status = "the link is in the address bar";
    }
  }

  private downloadPolicy(): void {
    download(`${this.state.policy}.ts`, [this.state.source], "text/typescript");
  }

  private downloadResults(): void {
    const r = this.current;
    if (r)
      download(
        `${r.result.policy}-${r.result.machine}-${r.result.workload}-seed${r.result.seed}.json`,
        [JSON.stringify(r.result, null, 2)],
        "application/json",
      );
  }

  private async downloadTrace(): Promise<void> {
    const r = this.current;
    if (!r) return;
    try {
      download(
        `${r.result.policy}-${r.result.machine}-${r.result.workload}-seed${r.result.seed}.trace.json`,
        await perfettoBlobParts(r.raw),
        "application/json",
      );
    } catch (e) {
      this.status = `cannot make the trace: ${(e as Error).message}`;
    }
  }

  // ---- view ------------------------------------------------------------------------------

  private backups() {
    const list = listBackups();
    if (list.length === 0) return "";
    return html`<select id="backups" aria-label="restore a saved draft" @change=${this.onRestore}>
      <option value="">restore a backup…</option>
      ${list.map(
        (b) => html`<option value=${b.key}>
          ${b.policy} · ${new Date(b.savedAt || Number(b.key.split(":").pop())).toLocaleString()} ·
          ${b.source.split("\n").length} lines
        </option>`,
      )}
    </select>`;
  }

  private knobList() {
    const c = this.compiled;
    if (c && c.source === this.state.source) return c.knobs;
    return scanKnobs(this.state.source).map((k) => ({
      ...k,
      defaultValue: c?.knobs.find((x) => x.name === k.name && x.type === k.type)?.defaultValue,
    }));
  }

  render() {
    const s = this.state;
    const busy = this.phase === "compiling" || this.phase === "running";
    let ncpus = 1;
    try {
      ncpus = machinePreset(s.machine).cpus.length;
    } catch {
      // unknown machine: the picker says so
    }
    const cur = this.current;
    return html`<div @keydown=${this.onKeydown}>
      <header>
        <h1>scx-playground <small>sched_ext policies in the browser</small></h1>
        <button id="run" class="primary" ?disabled=${busy} @click=${() => this.run()} title="Ctrl+Enter">Run</button>
        <button id="stop" class="stop" ?disabled=${!busy} @click=${() => this.stop()} title="Esc">Stop</button>
        <span class="status" id="status" data-phase=${this.phase}>
          ${
            this.phase === "running"
              ? html`<progress max=${s.durationNs} .value=${this.progressNs}></progress> ${fmtNs(this.progressNs)} / ${fmtNs(s.durationNs)}`
              : this.phase === "compiling"
                ? html`<progress></progress>`
                : ""
          }
          <span id="status-text" title=${this.status}>${this.status}</span>
        </span>
        <button id="pin" ?disabled=${!cur} @click=${() => this.pin()}>Pin run</button>
        <button id="share" @click=${() => this.share()}>Share link</button>
        <button id="dl-policy" @click=${() => this.downloadPolicy()}>Policy .ts</button>
        <button id="dl-results" ?disabled=${!cur} @click=${() => this.downloadResults()}>Results .json</button>
        <button id="dl-trace" ?disabled=${!cur} @click=${() => this.downloadTrace()}>Perfetto trace</button>
      </header>
      <main>
        <section>
          <div class="editor-bar">
            <label for="template">Policy template</label>
            <select id="template" @change=${this.onTemplate}>
              ${BUILTIN_POLICIES.map((p) => html`<option value=${p.name} ?selected=${p.name === s.policy} title=${p.description}>${p.name}</option>`)}
            </select>
            <span class="meta">${s.source !== builtinSource(s.policy) ? "edited · saved in this browser" : "unedited"}</span>
            ${this.backups()}
          </div>
          <code-editor
            id="policy-editor"
            label="policy source"
            language="typescript"
            .value=${s.source}
            .diagnostics=${this.problems.filter((p) => p.file === `${s.policy}.ts`)}
            @value-changed=${this.onSource}
          ></code-editor>
          <problems-list .problems=${this.problems} .message=${this.problems.length ? "" : this.problemText} @goto=${this.goto}></problems-list>
        </section>
        <section>
          <div class="panel">
            <machine-picker .machine=${s.machine} @machine-changed=${(e: CustomEvent<{ machine: string }>) => this.patchState({ machine: e.detail.machine })}></machine-picker>
          </div>
          <div class="panel">
            <workload-picker
              .workload=${s.workload}
              .workloadJson=${s.workload === CUSTOM_WORKLOAD ? s.workloadJson : s.workloadJson || ""}
              .ncpus=${ncpus}
              @workload-changed=${(e: CustomEvent<{ workload: string; workloadJson: string }>) =>
                this.patchState({
                  workload: e.detail.workload,
                  workloadJson: e.detail.workloadJson,
                })}
            ></workload-picker>
          </div>
          <div class="panel">
            <run-settings
              .durationNs=${s.durationNs}
              .seed=${s.seed}
              @settings-changed=${(e: CustomEvent<{ durationNs: number; seed: number }>) => this.patchState(e.detail)}
            ></run-settings>
          </div>
          <div class="panel">
            <h2>Knobs</h2>
            <knobs-panel .knobs=${this.knobList()} .values=${s.knobs} @knobs-changed=${(e: CustomEvent<{ knobs: Record<string, number | boolean> }>) => this.patchState({ knobs: e.detail.knobs })}></knobs-panel>
          </div>
        </section>
      </main>
      <div class="results">
        ${this.runError ? html`<div class="error" id="run-error" role="alert">${this.runError}</div>` : ""}
        ${
          cur
            ? html`<h2>Results <span class="meta">${cur.label}</span></h2>
              <eject-banner .exit=${cur.result.exit}></eject-banner>
              <summary-cards .result=${cur.result}></summary-cards>
              <h2>Timeline</h2>
              <run-timeline .run=${cur}></run-timeline>
              ${
                cur.raw.debug?.length
                  ? html`<details class="debug">
                    <summary>policy output (${cur.raw.debug.length} lines of trace() / console.*)</summary>
                    <pre>${cur.raw.debug.join("\n")}</pre>
                  </details>`
                  : ""
              }
              <div class="plots">
                <div><h2>Latency</h2><latency-cdf .run=${cur}></latency-cdf></div>
                <div><h2>Utilisation</h2><cpu-utilization .run=${cur}></cpu-utilization></div>
              </div>`
            : ""
        }
        <h2>Compare</h2>
        <compare-table .runs=${this.pinned} @unpin=${this.unpin}></compare-table>
        <compare-cdf .runs=${this.pinned}></compare-cdf>
      </div>
    </div>`;
  }
}

if (!customElements.get("scx-app")) customElements.define("scx-app", ScxApp);
