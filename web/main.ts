// The playground's entry: the whole UI is <scx-app> (web/components/scx-app.ts).
import "./components/scx-app.ts";
