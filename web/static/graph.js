// The ego-network view: positions come from the server, so the network is drawn once, without physics.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var container = document.getElementById("graph");
  var panel = document.getElementById("panel");
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var font = getComputedStyle(document.body).fontFamily;
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    physics: { enabled: false },
    layout: { improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: data.nodes.length > 400 },
    nodes: { font: { face: font }, widthConstraint: { maximum: 260 } },
    edges: { arrows: { to: { enabled: true, scaleFactor: 0.45 } }, smooth: false, selectionWidth: 2 }
  });
  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (cls) { el.className = cls; }
    return el;
  }
  function showEdge(edge) {
    panel.textContent = "";
    var from = nodes.get(edge.from), to = nodes.get(edge.to);
    panel.appendChild(text("h3", from.label + " → " + to.label));
    panel.appendChild(text("p", edge.summary || edge.title, "muted"));
    var list = document.createElement("ol");
    edge.evidence.forEach(function (e) {
      var item = document.createElement("li");
      item.appendChild(text("blockquote", e.evidence || "(no sentence recorded)", "evidence"));
      var cite = [e.role || e.rel, e.title || e.doc, e.year || "", e.doc_number || ""].filter(Boolean).join(" · ");
      item.appendChild(text("div", cite, "cite"));
      list.appendChild(item);
    });
    panel.appendChild(list);
    if (edge.more) { panel.appendChild(text("p", "and " + edge.more + " more", "muted")); }
  }
  network.on("click", function (params) {
    if (params.nodes.length) {
      var node = nodes.get(params.nodes[0]);
      panel.textContent = "";
      panel.appendChild(text("h3", node.label));
      panel.appendChild(text("p", node.title, "muted"));
      var link = text("a", "Open its page →");
      link.href = node.url;
      panel.appendChild(link);
    } else if (params.edges.length) {
      showEdge(edges.get(params.edges[0]));
    }
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length) { window.location.href = nodes.get(params.nodes[0]).url; }
  });
  network.once("afterDrawing", function () {
    document.body.setAttribute("data-drawn", "true");
  });
  network.fit();
  window.policykgGraph = { network: network, nodes: nodes, edges: edges, focus: data.focus, showEdge: showEdge };
})();
