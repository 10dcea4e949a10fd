// One always-runnable CPU hog per CPU: the simplest saturating load. With as many hogs as CPUs a
// work-conserving policy keeps every CPU busy; fairness is Jain's index over the hogs.
export default {
  name: "hogs",
  description: "one always-runnable CPU hog per CPU (count follows the machine)",
  groups: [{ name: "hog", count: "ncpus", loop: -1, program: [{ run: "100ms" }] }],
};
