// Entry point of the `scx-playground` bin (bin/scx-playground.mjs imports this file).

import { cli } from "./cli.ts";
import { processIo } from "./io.ts";

// A reader that went away (`scx-playground list | head`) is not an error: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
}

const status = await cli(process.argv.slice(2), processIo);
// Exit explicitly: simulation worker threads would otherwise keep the process alive. Waiting
// for an empty write first lets piped stdout drain before the process ends.
process.stdout.write("", () => process.exit(status));
