// <scx-app>: the playground. It owns the shareable state (web/lib/appState.ts), which
// web/lib/stateMirror.ts mirrors to the URL and (the policy source) to localStorage, and runs
// the pipeline: compile in the compiler worker → encode machine and workload → simulate in the
// simulation worker → show. Child components get data through properties and report user
// actions through events; the app lays them out: the header (<run-controls>, <lesson-menu>),
// the editor under <policy-picker>, the setup panels, and the results of the run on show.
// With a lesson open (state.lesson), the lesson supplies machine, workload, duration, seed and
// the starting policy, and every run is checked against the lesson's goal
// (web/lib/lessonCheck.ts). Under the results, <step-panel> replays the run one decision at a
// time. The editor, the summary cards, the timeline and the workload picker stay in this
// shadow root: the e2e tests reach them with shadowRoot.querySelector.
import { css, html, LitElement } from "lit";
import type { CompileDiagnostic } from "../../src/compile/PolicyCompileError.ts";
import type { Lesson } from "../../src/lessons/lesson.ts";
import type { CompiledPolicy, RunRequest, RunResult } from "../../src/sim/types.ts";
import { type AppState, CUSTOM_WORKLOAD, defaultState } from "../lib/appState.ts";
import { builtinSource } from "../lib/builtinPolicies.ts";
import { CompileAborted, CompilerClient } from "../lib/compilerClient.ts";
import { downloadPolicy, downloadResults, downloadTrace } from "../lib/download.ts";
import { backupDraft, listBackups, loadDraft } from "../lib/drafts.ts";
import { fmtNs } from "../lib/format.ts";
import { type CheckState, LessonChecker } from "../lib/lessonCheck.ts";
import {
  forgetLessonCode,
  passedLessons,
  saveLessonCode,
  updateProgress,
} from "../lib/lessonProgress.ts";
import { lessonOpeningState } from "../lib/lessonState.ts";
import { LESSON_ERRORS, LESSONS, lessonById } from "../lib/lessons.ts";
import { knobsToList } from "../lib/policyKnobs.ts";
import { DEFAULT_TEMPLATE, templateOf } from "../lib/policyTemplate.ts";
import { groupCpusOf, makeRunRecord, type RunRecord } from "../lib/runRecord.ts";
import { buildRequest, setupLabel, stateMachine } from "../lib/runSetup.ts";
import { RunStopped, SimClient } from "../lib/simClient.ts";
import { StateMirror } from "../lib/stateMirror.ts";
import type { CodeEditor } from "./code-editor.ts";
import "./code-editor.ts";
import "./compare-cdf.ts";
import "./compare-table.ts";
import "./cpu-utilization.ts";
import "./eject-banner.ts";
import "./knobs-panel.ts";
import "./latency-cdf.ts";
import "./lesson-menu.ts";
import "./lesson-view.ts";
import "./machine-picker.ts";
import "./policy-output.ts";
import "./policy-picker.ts";
import "./problems-list.ts";
import type { RunPhase } from "./run-controls.ts";
import "./run-controls.ts";
import "./run-settings.ts";
import type { RunTimeline } from "./run-timeline.ts";
import "./run-timeline.ts";
import "./step-panel.ts";
import "./summary-cards.ts";
import "./workload-picker.ts";

const MAX_PINNED = 6;
/** Quiet time after an edit before the policy is compiled in the background (live errors). */
const CHECK_DELAY_MS = 1200;

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
    lessonCheck: { state: true },
    passed: { state: true },
    cursorNs: { state: true },
    lastRequest: { state: true },
  };

  declare state: AppState;
  declare phase: RunPhase;
  declare progressNs: number;
  declare status: string;
  declare problems: CompileDiagnostic[];
  declare problemText: string;
  declare compiled: CompiledPolicy | null;
  declare current: RunRecord | null;
  declare pinned: RunRecord[];
  declare runError: string;
  /** The open lesson's check of the last run. */
  declare lessonCheck: CheckState;
  /** Lessons passed in this browser. */
  declare passed: ReadonlySet<string>;
  /** Step mode's instant, for the timeline's cursor (null: step mode closed). */
  declare cursorNs: number | null;
  /** The request that made the run on show (step mode replays it). */
  declare lastRequest: RunRequest | null;

  private readonly compiler = new CompilerClient(DEFAULT_TEMPLATE);
  private readonly sim = new SimClient();
  private controller: AbortController | null = null;
  private checkTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly defaults = defaultState(DEFAULT_TEMPLATE);
  /** The state in the URL, the source in localStorage; a pasted link is loaded and run. */
  private readonly mirror = new StateMirror(this, this.defaults, () => void this.run());
  private readonly checker = new LessonChecker(this.compiler, this.sim);
  /** The state before a lesson was opened (restored on leaving it). */
  private beforeLesson: AppState | null = null;

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
  `;

  constructor() {
    super();
    this.state = defaultState(DEFAULT_TEMPLATE);
    this.phase = "starting";
    this.progressNs = 0;
    this.status = "starting…";
    this.problems = [];
    this.problemText = "";
    this.compiled = null;
    this.current = null;
    this.pinned = [];
    this.runError = "";
    this.lessonCheck = { kind: "unchecked" };
    this.passed = passedLessons();
    this.cursorNs = null;
    this.lastRequest = null;
  }

  connectedCallback(): void {
    super.connectedCallback();
    void this.start();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller?.abort();
    this.compiler.terminate();
    this.sim.terminate();
  }

  /** Opens with the link's state (or the draft, or the template) and runs it. */
  private async start(): Promise<void> {
    await this.mirror.load(location.hash);
    if (!this.isConnected) return;
    this.sim.prestart();
    // The first run's compile loads and warms the compiler (CompilerClient.warmup is for
    // pages that do not compile at once).
    await this.run();
  }

  private patchState(patch: Partial<AppState>): void {
    this.state = { ...this.state, ...patch };
    this.mirror.scheduleUrl();
  }

  // ---- editing ---------------------------------------------------------------------------

  private onSource(e: CustomEvent<{ value: string }>): void {
    this.state = { ...this.state, source: e.detail.value };
    this.mirror.saveSource(); // every keystroke: never lose code
    if (this.state.lesson) saveLessonCode(this.state.lesson, e.detail.value);
    this.mirror.scheduleUrl();
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

  /** A template chosen above the editor; cancelled when the user keeps their edits. */
  private onTemplate(e: CustomEvent<{ name: string }>): void {
    const name = e.detail.name;
    const source = builtinSource(name);
    if (source === undefined) return;
    const edited = this.state.source !== builtinSource(this.state.policy);
    if (
      edited &&
      !confirm(
        `Replace the policy in the editor with the ${name} template? (Your edits are kept as a backup in this browser.)`,
      )
    ) {
      e.preventDefault();
      return;
    }
    const draft = loadDraft();
    if (draft && edited) backupDraft(draft);
    this.patchState({ policy: name, source, knobs: {} });
    this.mirror.saveSource();
    this.problems = [];
    this.problemText = "";
  }

  /** Puts a backed-up draft back in the editor (the current source is backed up first). */
  private onRestore(e: CustomEvent<{ key: string }>): void {
    const backup = listBackups().find((b) => b.key === e.detail.key);
    if (!backup) return;
    const draft = loadDraft();
    if (draft && draft.source !== backup.source) backupDraft(draft);
    this.patchState({ policy: backup.policy, source: backup.source });
    this.mirror.saveSource();
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
    this.mirror.saveSource(); // before every run
    void this.mirror.writeUrl();
    const lesson = state.lesson ? lessonById(state.lesson) : undefined;
    if (lesson) {
      saveLessonCode(lesson.id, state.source);
      this.lessonCheck = { kind: "checking", what: "compiling your policy…" };
    }
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
        if (lesson)
          this.lessonCheck = {
            kind: "error",
            message: "your policy does not compile: see the problems under the editor",
          };
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
        if (lesson) this.lessonCheck = { kind: "error", message: (e as Error).message };
        return;
      }
      this.phase = "running";
      this.status = "running…";
      if (lesson) this.lessonCheck = { kind: "checking", what: "running your policy…" };
      const raw = await this.sim.run(req, {
        signal: controller.signal,
        onProgress: (ns) => {
          this.progressNs = ns;
        },
      });
      if (controller.signal.aborted) return;
      const record = makeRunRecord(state, stateMachine(state), raw);
      this.current = record;
      this.lastRequest = req;
      this.cursorNs = null;
      if (lesson) {
        await this.checkLesson(lesson, record.result, out.policy.name, controller.signal);
        if (controller.signal.aborted) return;
      }
      this.phase = "idle";
      const how = raw.exit.kind === "ejected" ? "ejected" : "done";
      this.status = `${how}: ${fmtNs(raw.simulatedNs)} simulated, ${raw.events.toLocaleString("en-US")} events · compile ${Math.round(compileMs)} ms, run ${Math.round(raw.wallMs)} ms`;
    } catch (e) {
      if (controller.signal.aborted || e instanceof RunStopped || e instanceof CompileAborted) {
        this.phase = "idle";
        this.status = "stopped";
        if (lesson) this.lessonCheck = { kind: "unchecked" };
        return;
      }
      this.phase = "idle";
      this.runError = (e as Error).message;
      this.status = "failed";
      if (lesson) this.lessonCheck = { kind: "error", message: (e as Error).message };
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

  /** Checks the run against the open lesson's goal; a pass is remembered in this browser. */
  private async checkLesson(
    lesson: Lesson,
    result: RunResult,
    policyName: string,
    signal: AbortSignal,
  ): Promise<void> {
    const check = await this.checker.check(lesson, result, policyName, signal, () => {
      this.status = "running the starting policy, to compare with…";
      this.lessonCheck = { kind: "checking", what: "running the starting policy to compare with…" };
    });
    if (!check) return;
    this.lessonCheck = check;
    if (check.kind === "done" && check.report.pass) {
      updateProgress(lesson.id, { passed: true });
      this.passed = passedLessons();
    }
  }

  // ---- lessons ---------------------------------------------------------------------------

  /** Opens a lesson: its starting policy (or this browser's last attempt) in the editor, and runs it. */
  openLesson(id: string): void {
    const lesson = lessonById(id);
    if (!lesson) return;
    if (!this.state.lesson) this.beforeLesson = this.state;
    const draft = loadDraft();
    if (draft && !this.state.lesson && draft.source !== builtinSource(draft.policy))
      backupDraft(draft);
    this.state = lessonOpeningState(lesson, this.defaults);
    this.lessonCheck = { kind: "unchecked" };
    this.problems = [];
    this.problemText = "";
    this.mirror.saveSource();
    void this.run();
  }

  private leaveLesson(): void {
    const back = this.beforeLesson ?? { ...this.defaults };
    this.beforeLesson = null;
    this.state = { ...back, lesson: "" };
    this.lessonCheck = { kind: "unchecked" };
    this.problems = [];
    this.problemText = "";
    this.mirror.saveSource();
    void this.run();
  }

  private resetLesson(): void {
    const lesson = lessonById(this.state.lesson);
    if (!lesson) return;
    if (
      this.state.source !== lesson.policySource &&
      !confirm("Put the starting policy back in the editor? Your code for this lesson is replaced.")
    )
      return;
    forgetLessonCode(lesson.id);
    this.patchState({ source: lesson.policySource, knobs: { ...lesson.params } });
    this.mirror.saveSource();
    this.lessonCheck = { kind: "unchecked" };
  }

  private showSolution(): void {
    const lesson = lessonById(this.state.lesson);
    if (!lesson) return;
    if (
      !confirm(
        'Put the reference solution in the editor? (Your code stays saved: "start over" brings back the starting policy, not your code.)',
      )
    )
      return;
    updateProgress(lesson.id, { sawSolution: true });
    this.patchState({ source: lesson.solutionSource });
    this.mirror.saveSource();
    saveLessonCode(lesson.id, lesson.solutionSource);
    this.lessonCheck = { kind: "unchecked" };
  }

  // ---- step mode -------------------------------------------------------------------------

  private onCursor(e: CustomEvent<{ nowNs: number | null }>): void {
    this.cursorNs = e.detail.nowNs;
  }

  private onJump(e: CustomEvent<{ t: number }>): void {
    const tl = this.renderRoot.querySelector("run-timeline") as RunTimeline | null;
    tl?.jumpTo(e.detail.t);
  }

  // ---- the run on show: pin, share, download ---------------------------------------------

  private pin(): void {
    const cur = this.current;
    if (!cur || this.pinned.some((r) => r.id === cur.id)) return;
    this.pinned = [...this.pinned, cur].slice(-MAX_PINNED);
  }

  private unpin(e: CustomEvent<{ id: number }>): void {
    this.pinned = this.pinned.filter((r) => r.id !== e.detail.id);
  }

  private async share(): Promise<void> {
    await this.mirror.writeUrl();
    try {
      await navigator.clipboard.writeText(location.href);
      this.status = "link copied";
    } catch {
      this.status = "the link is in the address bar";
    }
  }

  private async onDownloadTrace(): Promise<void> {
    if (!this.current) return;
    try {
      await downloadTrace(this.current);
    } catch (e) {
      this.status = `cannot make the trace: ${(e as Error).message}`;
    }
  }

  // ---- view ------------------------------------------------------------------------------

  /** Machine, workload, duration/seed and knobs (when no lesson supplies them). */
  private setupPanels(ncpus: number) {
    const s = this.state;
    return html`<div class="panel">
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
          ${this.knobsPanel()}`;
  }

  /** The knobs of the policy in the editor (a lesson sets their starting values, not them). */
  private knobsPanel() {
    return html`<div class="panel">
      <h2>Knobs</h2>
      <knobs-panel
        .knobs=${knobsToList(this.state.source, this.compiled)}
        .values=${this.state.knobs}
        @knobs-changed=${(e: CustomEvent<{ knobs: Record<string, number | boolean> }>) => this.patchState({ knobs: e.detail.knobs })}
      ></knobs-panel>
    </div>`;
  }

  render() {
    const s = this.state;
    const lesson = s.lesson ? lessonById(s.lesson) : undefined;
    let ncpus = 1;
    try {
      ncpus = stateMachine(s).cpus.length;
    } catch {
      // unknown machine: the picker says so
    }
    const cur = this.current;
    return html`<div @keydown=${this.onKeydown}>
      <header>
        <h1>scx-playground <small>sched_ext policies in the browser</small></h1>
        <run-controls
          .phase=${this.phase}
          .progressNs=${this.progressNs}
          .durationNs=${s.durationNs}
          .status=${this.status}
          @run-requested=${() => this.run()}
          @stop-requested=${() => this.stop()}
        ></run-controls>
        <lesson-menu
          .lessons=${LESSONS}
          .broken=${LESSON_ERRORS}
          .passed=${this.passed}
          ?lessonOpen=${!!lesson}
          @lesson-open=${(e: CustomEvent<{ id: string }>) => this.openLesson(e.detail.id)}
        ></lesson-menu>
        <button id="pin" ?disabled=${!cur} @click=${() => this.pin()}>Pin run</button>
        <button id="share" @click=${() => this.share()}>Share link</button>
        <button id="dl-policy" @click=${() => downloadPolicy(this.state.policy, this.state.source)}>Policy .ts</button>
        <button id="dl-results" ?disabled=${!cur} @click=${() => this.current && downloadResults(this.current)}>Results .json</button>
        <button id="dl-trace" ?disabled=${!cur} @click=${() => this.onDownloadTrace()}>Perfetto trace</button>
      </header>
      <main>
        <section>
          <policy-picker
            .policy=${s.policy}
            ?lessonOpen=${!!lesson}
            ?edited=${s.source !== templateOf(s.policy, s.lesson)}
            .backups=${lesson ? [] : listBackups()}
            @template-chosen=${this.onTemplate}
            @backup-chosen=${this.onRestore}
          ></policy-picker>
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
          ${
            lesson
              ? html`<div class="panel">
                <lesson-view
                  .lesson=${lesson}
                  .lessons=${LESSONS}
                  .passed=${this.passed}
                  .check=${this.lessonCheck}
                  .setup=${setupLabel(s)}
                  @lesson-check=${() => this.run()}
                  @lesson-reset=${() => this.resetLesson()}
                  @lesson-solution=${() => this.showSolution()}
                  @lesson-leave=${() => this.leaveLesson()}
                  @lesson-open=${(e: CustomEvent<{ id: string }>) => this.openLesson(e.detail.id)}
                ></lesson-view>
              </div>
              ${this.knobsPanel()}`
              : this.setupPanels(ncpus)
          }
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
              <run-timeline .run=${cur} .cursorNs=${this.cursorNs}></run-timeline>
              <h2>Step through</h2>
              <step-panel
                .run=${cur}
                .request=${this.lastRequest}
                .groupCpus=${groupCpusOf(cur)}
                @cursor-changed=${this.onCursor}
                @jump=${this.onJump}
              ></step-panel>
              <policy-output .lines=${cur.raw.debug ?? []}></policy-output>
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
