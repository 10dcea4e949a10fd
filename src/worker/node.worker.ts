// worker_threads entry of a simulation worker (started through ./tsBoot.mjs, since Node 20
// cannot load a .ts worker entry by itself).
import { parentPort } from "node:worker_threads";
import * as Comlink from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { simApi } from "./simApi.ts";

if (!parentPort) throw new Error("node.worker.ts must run in a worker thread");
Comlink.expose(simApi, nodeEndpoint(parentPort));
