// A CPU bitmap, the simulator's `struct cpumask`. Every mask has room for the largest machine
// (NR_CPUS), because masks are also made before the machine is known (a policy's top-level
// `const m = new Cpumask()`); operations only walk the words the machine uses.

/** The most CPUs a simulated machine may have (the kernel's NR_CPUS). */
export const NR_CPUS: i32 = 1024;
const MAX_WORDS: i32 = NR_CPUS >> 6;

export let nrCpuIds: i32 = 0;
export let nrMaskWords: i32 = 1;

export function setMaskGeometry(ncpus: i32): void {
  nrCpuIds = ncpus;
  nrMaskWords = (ncpus + 63) >> 6;
}

export class Cpumask {
  bits: StaticArray<u64>;

  constructor() {
    this.bits = new StaticArray<u64>(MAX_WORDS);
  }

  @inline test(cpu: i32): bool {
    if (<u32>cpu >= <u32>nrCpuIds) return false;
    return (unchecked(this.bits[cpu >> 6]) & (<u64>1 << <u64>(cpu & 63))) != 0;
  }

  @inline set(cpu: i32): void {
    const w = cpu >> 6;
    unchecked((this.bits[w] = this.bits[w] | (<u64>1 << <u64>(cpu & 63))));
  }

  @inline clear(cpu: i32): void {
    const w = cpu >> 6;
    unchecked((this.bits[w] = this.bits[w] & ~(<u64>1 << <u64>(cpu & 63))));
  }

  /** Clears `cpu` and reports whether it was set. */
  testAndClear(cpu: i32): bool {
    if (!this.test(cpu)) return false;
    this.clear(cpu);
    return true;
  }

  zero(): void {
    for (let i = 0; i < nrMaskWords; i++) unchecked((this.bits[i] = 0));
  }

  fill(): void {
    this.zero();
    for (let c = 0; c < nrCpuIds; c++) this.set(c);
  }

  copyFrom(o: Cpumask): void {
    for (let i = 0; i < nrMaskWords; i++) unchecked((this.bits[i] = o.bits[i]));
  }

  and(a: Cpumask, b: Cpumask): void {
    for (let i = 0; i < nrMaskWords; i++) unchecked((this.bits[i] = a.bits[i] & b.bits[i]));
  }

  or(a: Cpumask, b: Cpumask): void {
    for (let i = 0; i < nrMaskWords; i++) unchecked((this.bits[i] = a.bits[i] | b.bits[i]));
  }

  andNot(a: Cpumask, b: Cpumask): void {
    for (let i = 0; i < nrMaskWords; i++) unchecked((this.bits[i] = a.bits[i] & ~b.bits[i]));
  }

  weight(): i32 {
    let n = 0;
    for (let i = 0; i < nrMaskWords; i++) n += <i32>popcnt(unchecked(this.bits[i]));
    return n;
  }

  empty(): bool {
    for (let i = 0; i < nrMaskWords; i++) if (unchecked(this.bits[i]) != 0) return false;
    return true;
  }

  /** Is every CPU of this mask also in `o`? */
  subsetOf(o: Cpumask): bool {
    for (let i = 0; i < nrMaskWords; i++) {
      if ((unchecked(this.bits[i]) & ~unchecked(o.bits[i])) != 0) return false;
    }
    return true;
  }

  intersects(o: Cpumask): bool {
    for (let i = 0; i < nrMaskWords; i++) {
      if ((unchecked(this.bits[i]) & unchecked(o.bits[i])) != 0) return true;
    }
    return false;
  }

  /** Lowest CPU set, or -1. */
  first(): i32 {
    for (let i = 0; i < nrMaskWords; i++) {
      const w = unchecked(this.bits[i]);
      if (w != 0) return (i << 6) + <i32>ctz(w);
    }
    return -1;
  }

  /** First CPU set at or after `from`, wrapping around; -1 if the mask is empty. */
  nextWrap(from: i32): i32 {
    if (nrCpuIds == 0) return -1;
    if (from >= nrCpuIds || from < 0) from = 0;
    const n = this.nextFrom(from);
    if (n >= 0) return n;
    return this.first();
  }

  /** First CPU set at or after `from`, or -1. */
  nextFrom(from: i32): i32 {
    let i = from >> 6;
    if (i >= nrMaskWords) return -1;
    let w = unchecked(this.bits[i]) & (u64.MAX_VALUE << <u64>(from & 63));
    while (true) {
      if (w != 0) return (i << 6) + <i32>ctz(w);
      i++;
      if (i >= nrMaskWords) return -1;
      w = unchecked(this.bits[i]);
    }
  }

  /** First CPU set in both `this` and `o` at or after `from`, wrapping; -1 if none. */
  nextAndWrap(o: Cpumask, from: i32): i32 {
    if (from >= nrCpuIds || from < 0) from = 0;
    let i = from >> 6;
    let w = unchecked(this.bits[i]) & unchecked(o.bits[i]) & (u64.MAX_VALUE << <u64>(from & 63));
    for (let k = 0; k <= nrMaskWords; k++) {
      if (w != 0) return (i << 6) + <i32>ctz(w);
      i++;
      if (i >= nrMaskWords) i = 0;
      w = unchecked(this.bits[i]) & unchecked(o.bits[i]);
    }
    return -1;
  }
}

/** The kernel's cpumask helpers, for policies that port BPF code. */
export function bpf_cpumask_create(): Cpumask {
  return new Cpumask();
}
export function bpf_cpumask_test_cpu(cpu: i32, mask: Cpumask): bool {
  return mask.test(cpu);
}
export function bpf_cpumask_set_cpu(cpu: i32, mask: Cpumask): void {
  if (<u32>cpu < <u32>nrCpuIds) mask.set(cpu);
}
export function bpf_cpumask_clear_cpu(cpu: i32, mask: Cpumask): void {
  if (<u32>cpu < <u32>nrCpuIds) mask.clear(cpu);
}
export function bpf_cpumask_weight(mask: Cpumask): i32 {
  return mask.weight();
}
export function bpf_cpumask_empty(mask: Cpumask): bool {
  return mask.empty();
}
export function bpf_cpumask_first(mask: Cpumask): i32 {
  const c = mask.first();
  return c < 0 ? nrCpuIds : c;
}
export function bpf_cpumask_and(dst: Cpumask, a: Cpumask, b: Cpumask): bool {
  dst.and(a, b);
  return !dst.empty();
}
export function bpf_cpumask_or(dst: Cpumask, a: Cpumask, b: Cpumask): void {
  dst.or(a, b);
}
export function bpf_cpumask_copy(dst: Cpumask, src: Cpumask): void {
  dst.copyFrom(src);
}
export function bpf_cpumask_clear(mask: Cpumask): void {
  mask.zero();
}
export function bpf_cpumask_subset(a: Cpumask, b: Cpumask): bool {
  return a.subsetOf(b);
}
export function bpf_cpumask_intersects(a: Cpumask, b: Cpumask): bool {
  return a.intersects(b);
}
