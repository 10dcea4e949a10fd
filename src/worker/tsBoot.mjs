// Bootstrap for TypeScript worker_threads entries on Node 20: `execArgv: ["--import", "tsx"]`
// does not apply to worker entries there, registering tsx's loader from inside the worker
// does (TOOLCHAIN.md §5). The entry's URL comes in workerData.entry.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
