import { expect, test } from "vitest";
import "../web/main.ts";

test("the Lit element <scx-app> renders in Chromium", async () => {
  const el = document.createElement("scx-app") as HTMLElement & {
    updateComplete: Promise<boolean>;
  };
  document.body.append(el);
  await el.updateComplete;
  expect(el.shadowRoot?.textContent).toContain("scx-playground");
  el.remove();
});

test("the prebuilt compiler bundle is served at /asc/asc.js and loads", async () => {
  const url = new URL(`${import.meta.env.BASE_URL}asc/asc.js`, location.href).href;
  const res = await fetch(url, { method: "HEAD" });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/javascript/);
  const asc = (await import(/* @vite-ignore */ url)) as typeof import("assemblyscript/asc");
  expect(typeof asc.main).toBe("function");
});
