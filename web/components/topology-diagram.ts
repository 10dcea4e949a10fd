// <topology-diagram>: a machine as nested boxes — NUMA nodes ⊃ LLCs ⊃ L2 clusters ⊃ cores ⊃
// SMT threads. A core's size follows its capacity and its colour its core type.
import { css, html, LitElement } from "lit";
import type { Machine, MachineCpu } from "../../src/config/machine.ts";
import { typeColor } from "../lib/colors.ts";

interface Core {
  id: number;
  first: MachineCpu;
  threads: MachineCpu[];
}

/** Items grouped by key, groups and members in ascending key order of first appearance. */
function groupBy<T>(items: readonly T[], key: (t: T) => number): [number, T[]][] {
  const out = new Map<number, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return [...out.entries()].sort(([a], [b]) => a - b);
}

export class TopologyDiagram extends LitElement {
  static properties = { machine: { attribute: false } };
  declare machine: Machine | null;

  static styles = css`
    :host {
      display: block;
      font-size: 11px;
      color: #333;
    }
    .box {
      border: 1px solid #aab;
      border-radius: 4px;
      padding: 2px 4px 4px;
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
      align-items: flex-end;
      align-content: flex-start;
    }
    .label {
      flex-basis: 100%;
      color: #667;
      font-size: 10px;
      line-height: 1.2;
    }
    .node {
      border-color: #778;
      background: #f7f7fb;
    }
    .llc {
      background: #eef0f7;
    }
    .cluster {
      background: #fff;
      border-style: dashed;
      padding: 2px;
      gap: 2px;
    }
    .core {
      display: flex;
      gap: 1px;
      padding: 1px;
      border-radius: 3px;
      align-items: stretch;
    }
    .thread {
      flex: 1;
      border-radius: 2px;
      background: rgba(255, 255, 255, 0.35);
      min-width: 3px;
    }
    .legend {
      display: flex;
      gap: 10px;
      flex-wrap: wrap;
      margin-top: 4px;
    }
    .swatch {
      display: inline-block;
      width: 10px;
      height: 10px;
      border-radius: 2px;
      vertical-align: -1px;
      margin-right: 3px;
    }
  `;

  constructor() {
    super();
    this.machine = null;
  }

  render() {
    const m = this.machine;
    if (!m) return html``;
    const big = m.cpus.length > 64;
    const cores = this.cores(m);
    const nodes = groupBy(cores, (c) => c.first.node);
    return html`<div class="diagram" role="img" aria-label="topology of ${m.name}">
        ${nodes.map(
          ([node, nodeCores]) => html`<div class="box node">
            <span class="label">node ${node}</span>
            ${groupBy(nodeCores, (c) => c.first.llc).map(
              ([llc, llcCores]) => html`<div class="box llc">
                <span class="label">LLC ${llc}</span>
                ${groupBy(llcCores, (c) => c.first.cluster).map(
                  ([, clusterCores]) => html`<div class="box cluster" title="L2 cluster">
                    ${clusterCores.map((c) => this.core(c, big))}
                  </div>`,
                )}
              </div>`,
            )}
          </div>`,
        )}
      </div>
      <div class="legend">
        ${m.cpuTypes.map((t, i) => {
          const caps = m.cpus.filter((c) => c.typeIndex === i).map((c) => c.capacity);
          return html`<span><span class="swatch" style="background:${typeColor(i)}"></span>${t} ×${caps.length}
            (capacity ${Math.min(...caps)}${Math.max(...caps) !== Math.min(...caps) ? `–${Math.max(...caps)}` : ""})</span>`;
        })}
      </div>`;
  }

  private cores(m: Machine): Core[] {
    return groupBy(m.cpus, (c) => c.core).map(([id, threads]) => ({
      id,
      first: threads[0] as MachineCpu,
      threads,
    }));
  }

  private core(c: Core, small: boolean) {
    // Area follows capacity: side ∝ √capacity.
    const scale = Math.sqrt(c.first.capacity / 1024);
    const side = Math.max(8, Math.round((small ? 14 : 26) * scale));
    const title = `core ${c.id} · ${c.first.type} · capacity ${c.first.capacity} · CPU${c.threads.length > 1 ? "s" : ""} ${c.threads.map((t) => t.id).join(", ")}`;
    return html`<div
      class="core"
      title=${title}
      style="background:${typeColor(c.first.typeIndex)};width:${side * Math.max(1, c.threads.length * 0.75)}px;height:${side}px"
    >
      ${c.threads.length > 1 ? c.threads.map(() => html`<div class="thread"></div>`) : ""}
    </div>`;
  }
}

if (!customElements.get("topology-diagram"))
  customElements.define("topology-diagram", TopologyDiagram);
