// Colours: task groups (timeline, CDF), core types (topology, utilisation). Fixed palettes so
// that a group keeps its colour across runs and views.

const GROUP_COLORS = [
  "#4e79a7",
  "#f28e2b",
  "#59a14f",
  "#e15759",
  "#b07aa1",
  "#76b7b2",
  "#edc948",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
];

const TYPE_COLORS = ["#3b6fb6", "#e07b39", "#5aa469", "#b5525c", "#8e6bb0", "#c9a227"];

export function groupColor(group: number): string {
  return group < 0 ? "#999999" : (GROUP_COLORS[group % GROUP_COLORS.length] as string);
}

export function typeColor(typeIndex: number): string {
  return TYPE_COLORS[typeIndex % TYPE_COLORS.length] as string;
}

/** Colours of the runs in a comparison. */
export function runColor(i: number): string {
  return GROUP_COLORS[(i + 3) % GROUP_COLORS.length] as string;
}
