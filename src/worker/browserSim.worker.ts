// Web Worker entry of a simulation: the same comlink API as the Node worker (./simApi.ts), plus
// step mode (./stepApi.ts: one simulation held open and moved on request). A run that never
// returns (a policy looping in a callback) cannot be interrupted from inside: the page
// terminates this worker (web/lib/simClient.ts, web/lib/stepClient.ts).
import * as Comlink from "comlink";
import { simApi } from "./simApi.ts";
import { stepApi } from "./stepApi.ts";

Comlink.expose({ ...simApi, ...stepApi });
