// Mirrors the playground's state out of the page: the whole state to the URL's hash, so the
// address bar is always a link to what is on screen, and the policy source to localStorage
// (web/lib/drafts.ts), so a reload, a crash or a closed tab never loses code. A Lit reactive
// controller: while its host is connected it follows the hash changing under the page (a
// pasted link, back/forward) and saves the source when the page is hidden.
import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { AppState } from "./appState.ts";
import { DEFAULT_POLICY } from "./builtinPolicies.ts";
import { backupDraft, chooseSource, fingerprint, loadDraft, saveDraft } from "./drafts.ts";
import { lessonById } from "./lessons.ts";
import { DEFAULT_TEMPLATE, templateOf } from "./policyTemplate.ts";
import { applyDecoded, decodeState, encodeState } from "./urlCodec.ts";

/** Typing changes the state on every key: the URL is rewritten once the typing pauses. */
const URL_DELAY_MS = 300;

export interface MirroredHost extends ReactiveControllerHost {
  state: AppState;
  readonly isConnected: boolean;
}

export class StateMirror implements ReactiveController {
  /** The hash this page last wrote or read: a hashchange to it is the page's own doing. */
  private lastHash = "";
  private urlTimer: ReturnType<typeof setTimeout> | undefined;

  /** `onLinkOpened` runs after a new hash was loaded into the host's state. */
  constructor(
    private readonly host: MirroredHost,
    private readonly defaults: AppState,
    private readonly onLinkOpened: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener("hashchange", this.onHashChange);
    window.addEventListener("pagehide", this.flush);
  }

  hostDisconnected(): void {
    window.removeEventListener("hashchange", this.onHashChange);
    window.removeEventListener("pagehide", this.flush);
  }

  /** Puts the link's state (or the draft, or the template) into the host. */
  async load(hash: string): Promise<void> {
    const decoded = hash ? await decodeState(hash) : null;
    const lessonId = decoded?.lesson && lessonById(decoded.lesson) ? decoded.lesson : "";
    const fromUrl = decoded
      ? applyDecoded({ ...decoded, lesson: lessonId }, this.defaults, (p) =>
          templateOf(p, lessonId),
        )
      : null;
    const draft = loadDraft();
    const chosen = chooseSource(
      draft,
      fromUrl ? { policy: fromUrl.policy, source: fromUrl.source } : undefined,
      { policy: DEFAULT_POLICY, source: DEFAULT_TEMPLATE },
    );
    if (chosen.replacedDraft && draft) backupDraft(draft);
    this.host.state = {
      ...(fromUrl ?? this.defaults),
      policy: chosen.policy,
      source: chosen.source,
    };
    this.lastHash = hash.replace(/^#/, "");
    this.saveSource();
  }

  /**
   * Saves the host's policy and source as the draft, now. `urlSource` is the fingerprint of
   * the source the URL holds; left out, the draft keeps the one it had.
   */
  saveSource(urlSource?: string): void {
    const prev = loadDraft();
    saveDraft({
      policy: this.host.state.policy,
      source: this.host.state.source,
      urlSource: urlSource ?? prev?.urlSource ?? "",
    });
  }

  /** Writes the host's state to the URL now (and drops a pending scheduled write). */
  async writeUrl(): Promise<void> {
    clearTimeout(this.urlTimer);
    const state = this.host.state;
    const hash = await encodeState(state, this.defaults, templateOf(state.policy, state.lesson));
    if (!this.host.isConnected) return;
    this.lastHash = hash;
    if (location.hash.replace(/^#/, "") !== hash) history.replaceState(null, "", `#${hash}`);
    // The URL now holds this source: a reload with it restores the draft (web/lib/drafts.ts).
    this.saveSource(fingerprint(state.source));
  }

  /** Writes the URL once the state has stopped changing for a moment. */
  scheduleUrl(): void {
    clearTimeout(this.urlTimer);
    this.urlTimer = setTimeout(() => void this.writeUrl(), URL_DELAY_MS);
  }

  private readonly onHashChange = () => {
    const hash = location.hash.replace(/^#/, "");
    if (hash === this.lastHash) return;
    void this.load(location.hash).then(() => this.onLinkOpened());
  };

  /** Page hide: save the source now. */
  private readonly flush = () => {
    this.saveSource();
  };
}
