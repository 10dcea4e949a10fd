// Web Worker entry of a simulation: the same comlink API as the Node worker (./simApi.ts). A
// run that never returns (a policy looping in a callback) cannot be interrupted from inside:
// the page terminates this worker (web/lib/simClient.ts).
import * as Comlink from "comlink";
import { simApi } from "./simApi.ts";

Comlink.expose(simApi);
