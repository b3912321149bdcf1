#!/usr/bin/env bash
# Renders every diagram in processes/ to docs/<name>.png with bpmn-js (the renderer of Camunda Modeler
# and Cockpit) in headless Chromium. Needs node/npm and Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y > /dev/null && npm install --silent --no-audit --no-fund bpmn-js@18 > /dev/null)
for diagram in processes/*.bpmn; do
  name=$(basename "$diagram" .bpmn)
  python3 - "$work" "$diagram" <<'PY'
import json, sys, pathlib
work, diagram = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
xml = diagram.read_text()
viewer = (work / "node_modules/bpmn-js/dist/bpmn-viewer.production.min.js").read_text()
css = (work / "node_modules/bpmn-js/dist/assets/bpmn-js.css").read_text()
(work / "index.html").write_text(f"""<!doctype html><html><head><meta charset="utf-8"><style>{css}
html,body{{margin:0;height:100%;background:#fff}} #canvas{{position:absolute;inset:16px}}</style></head>
<body><div id="canvas"></div><script>{viewer}</script><script>
const viewer = new BpmnJS({{container: '#canvas'}});
viewer.importXML({json.dumps(xml)}).then(() => viewer.get('canvas').zoom('fit-viewport'));
</script></body></html>""")
PY
  case "$name" in
    cdn-activation) size=1600,380 ;;
    cdn-overdue) size=1600,340 ;;
    cdn-billing-run) size=1100,340 ;;
    cdn-billing-set-aside) size=720,260 ;;
    *) size=720,180 ;;
  esac
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --disable-sync --hide-scrollbars --user-data-dir="$work/profile" --window-size=$size \
    --virtual-time-budget=5000 --screenshot="$PWD/docs/$name.png" "file://$work/index.html" 2>/dev/null
  echo "docs/$name.png written"
done
