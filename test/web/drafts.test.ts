import { describe, expect, test } from "vitest";
import {
  backupDraft,
  chooseSource,
  fingerprint,
  listBackups,
  loadDraft,
  saveDraft,
} from "../../web/lib/drafts.ts";

const TEMPLATE = "// simple\nclass Simple extends Ops {}\n";

/** localStorage's interface over a Map (Node has none). */
function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    key: (i: number) => [...m.keys()][i] ?? null,
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, String(v)),
    removeItem: (k: string) => void m.delete(k),
    clear: () => m.clear(),
  };
}

describe("drafts", () => {
  const template = { policy: "simple", source: TEMPLATE };
  const draft = (source: string, urlSource = "") => ({
    policy: "simple",
    source,
    urlSource,
    savedAt: 1,
  });

  test("without a link, the saved draft wins over the template", () => {
    expect(chooseSource(draft("mine"), undefined, template)).toMatchObject({
      source: "mine",
      replacedDraft: false,
    });
    expect(chooseSource(null, undefined, template)).toMatchObject({ source: TEMPLATE });
  });

  test("a link to the source the draft grew from restores the newer draft (reload keeps edits)", () => {
    const linked = { policy: "simple", source: "v1" };
    const d = draft("v1 + newer edits", fingerprint("v1"));
    expect(chooseSource(d, linked, template)).toMatchObject({
      source: "v1 + newer edits",
      replacedDraft: false,
    });
  });

  test("a link to other code wins, and the draft is reported for a backup", () => {
    const linked = { policy: "simple", source: "someone else's" };
    expect(chooseSource(draft("mine", fingerprint("v1")), linked, template)).toMatchObject({
      source: "someone else's",
      replacedDraft: true,
    });
  });

  test("a draft is saved and read back, and replaced drafts are kept as the newest 10 backups", async () => {
    const storage = memoryStorage();
    expect(loadDraft(storage)).toBeNull();
    expect(saveDraft({ policy: "simple", source: "v1", urlSource: "" }, storage)).toBe(true);
    expect(loadDraft(storage)).toMatchObject({ policy: "simple", source: "v1" });
    for (let i = 0; i < 12; i++) {
      backupDraft({ policy: "simple", source: `old ${i}`, urlSource: "", savedAt: i }, storage);
      await new Promise((r) => setTimeout(r, 2)); // backups are keyed by the time they were made
    }
    const kept = listBackups(storage);
    expect(kept).toHaveLength(10);
    expect(kept[0]?.source).toBe("old 11");
    expect(kept[9]?.source).toBe("old 2");
  });
});
