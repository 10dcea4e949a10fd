console.log("bench: no benchmark exists yet (bench/run.ts is a placeholder)");
