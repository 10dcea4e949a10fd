// The user's policy source in localStorage: saved while typing and before every run, so a
// reload, a crash or a closed tab never loses code. A draft remembers a fingerprint of the
// source the URL last held (`urlSource`): opening a link to that same source restores the newer
// draft, while a link to different code wins and the old draft is kept as a backup.

const DRAFT_KEY = "scx-playground:draft";
const BACKUP_PREFIX = "scx-playground:backup:";
const MAX_BACKUPS = 10;

export interface Draft {
  policy: string;
  source: string;
  /** fingerprint() of the source last written to or read from the URL. */
  urlSource: string;
  savedAt: number;
}

/** A short, stable fingerprint of a text (FNV-1a 32, hex), enough to tell sources apart. */
export function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${(h >>> 0).toString(16).padStart(8, "0")}:${text.length}`;
}

export function loadDraft(storage: Storage = localStorage): Draft | null {
  try {
    const raw = storage.getItem(DRAFT_KEY);
    if (!raw) return null;
    const d = JSON.parse(raw) as Partial<Draft>;
    if (typeof d.source !== "string" || typeof d.policy !== "string") return null;
    return {
      policy: d.policy,
      source: d.source,
      urlSource: d.urlSource ?? "",
      savedAt: d.savedAt ?? 0,
    };
  } catch {
    return null;
  }
}

/** Saves synchronously; false when storage refused (full, disabled). */
export function saveDraft(draft: Omit<Draft, "savedAt">, storage: Storage = localStorage): boolean {
  try {
    storage.setItem(DRAFT_KEY, JSON.stringify({ ...draft, savedAt: Date.now() }));
    return true;
  } catch {
    return false;
  }
}

/** Keeps a copy of a draft that is about to be replaced (the newest MAX_BACKUPS are kept). */
export function backupDraft(draft: Draft, storage: Storage = localStorage): void {
  try {
    storage.setItem(`${BACKUP_PREFIX}${Date.now()}`, JSON.stringify(draft));
    const keys: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const k = storage.key(i);
      if (k?.startsWith(BACKUP_PREFIX)) keys.push(k);
    }
    keys.sort();
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_BACKUPS))) storage.removeItem(k);
  } catch {
    // Best effort.
  }
}

/** The kept backups, newest first, with their storage keys. */
export function listBackups(storage: Storage = localStorage): (Draft & { key: string })[] {
  const out: (Draft & { key: string })[] = [];
  try {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (!key?.startsWith(BACKUP_PREFIX)) continue;
      const d = JSON.parse(storage.getItem(key) ?? "null") as Draft | null;
      if (d && typeof d.source === "string") out.push({ ...d, key });
    }
  } catch {
    // Unreadable storage: no backups to offer.
  }
  return out.sort((a, b) => b.key.localeCompare(a.key));
}

/**
 * Which source to open with. `fromUrl` is the source a link holds (undefined: no link).
 * Returns the source and whether the draft was replaced (then back it up).
 */
export function chooseSource(
  draft: Draft | null,
  fromUrl: { policy: string; source: string } | undefined,
  template: { policy: string; source: string },
): { policy: string; source: string; replacedDraft: boolean } {
  if (fromUrl) {
    if (draft && draft.urlSource === fingerprint(fromUrl.source)) {
      return { policy: draft.policy, source: draft.source, replacedDraft: false };
    }
    const differs = draft !== null && draft.source !== fromUrl.source;
    return { ...fromUrl, replacedDraft: differs };
  }
  if (draft) return { policy: draft.policy, source: draft.source, replacedDraft: false };
  return { ...template, replacedDraft: false };
}
