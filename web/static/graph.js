// A graph view, in the workbench (policykg serve) and in the file policykg viz writes; the data comes from
// policykg/web/drawing.py. Positions come with the data (policykg/web/layout.py), so the network is drawn once,
// without physics. Click a link for its evidence, a node for what it is; the search box and the filters work
// when the page has them.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var container = document.getElementById("graph");
  var panel = document.getElementById("panel");
  var status = document.getElementById("search-status");
  var kindNames = data.kindNames || {};

  // What an edge says in words: each kind of fact with how many, and in how many documents.
  function summary(link) {
    var parts = link.counts.map(function (pair) { return (kindNames[data.kinds[pair[0]]] || data.kinds[pair[0]]) + "×" + pair[1]; });
    return parts.join(", ") + "; " + link.documents + (link.documents === 1 ? " document" : " documents");
  }
  data.edges.forEach(function (edge) { edge.title = summary(data.links[edge.id]); });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var big = data.big === true;
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    physics: { enabled: false },
    layout: { improvedLayout: false },
    groups: data.groups,
    interaction: { hover: !big, tooltipDelay: 150, hideEdgesOnDrag: big, hideEdgesOnZoom: big },
    nodes: { font: { face: data.fontFace || getComputedStyle(document.body).fontFamily, strokeWidth: 4, strokeColor: "#ffffff" },
             widthConstraint: { maximum: data.maxLabelPx || 260 } },
    edges: { arrows: { to: { enabled: !big, scaleFactor: 0.45 } }, color: { opacity: big ? 0.25 : 0.75 }, smooth: false, selectionWidth: 2 }
  });
  var view = { network: network, nodes: nodes, edges: edges, focus: data.focus, data: data, drawnAt: null };
  window.policykgGraph = view;

  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (cls) { el.className = cls; }
    return el;
  }
  // The evidence of a link: each sentence with its kind of fact, document, year and 文号.
  function evidenceOf(id) {
    var link = data.links[id];
    return link.evidence.map(function (item) {
      var doc = item[1] === null ? {} : data.documents[item[1]];
      return { evidence: data.sentences[item[0]], kind: data.kinds[item[2]], year: item[3],
               doc: doc.name, title: doc.title, doc_number: doc.doc_number };
    });
  }
  function showEdge(id) {
    var edge = edges.get(id), link = data.links[id];
    panel.textContent = "";
    panel.appendChild(text("h3", nodes.get(edge.from).name + " → " + nodes.get(edge.to).name));
    panel.appendChild(text("p", summary(link), "muted"));
    var list = document.createElement("ol");
    list.className = "evidence-list";
    evidenceOf(id).forEach(function (e) {
      var item = document.createElement("li");
      item.appendChild(text("blockquote", e.evidence || "(no sentence recorded)", "evidence"));
      var cite = [kindNames[e.kind] || e.kind, e.title || e.doc, e.year || "", e.doc_number || ""].filter(Boolean).join(" · ");
      item.appendChild(text("div", cite, "cite"));
      list.appendChild(item);
    });
    panel.appendChild(list);
    if (link.more) { panel.appendChild(text("p", "and " + link.more + " more", "muted")); }
  }
  function showNode(id) {
    var node = nodes.get(id);
    panel.textContent = "";
    panel.appendChild(text("h3", node.name));
    panel.appendChild(text("p", node.title, "muted"));
    if (node.url) {
      var link = text("a", "Open its page →");
      link.href = node.url;
      panel.appendChild(link);
    }
  }
  view.showEdge = showEdge;
  view.showNode = showNode;
  view.evidenceOf = evidenceOf;
  network.on("click", function (params) {
    if (params.nodes.length) {
      showNode(params.nodes[0]);
    } else if (params.edges.length) {
      showEdge(params.edges[0]);
    }
  });
  network.on("doubleClick", function (params) {
    var node = params.nodes.length ? nodes.get(params.nodes[0]) : null;
    if (node && node.url) { window.location.href = node.url; }
  });
  network.once("afterDrawing", function () {
    view.drawnAt = performance.now();
    document.body.setAttribute("data-drawn", "true");
  });

  // Filters: a node is hidden with its label, a link when every kind of fact it carries is hidden.
  var boxes = document.querySelectorAll("input[data-filter]");
  var hiddenLabels = {};
  var hiddenKinds = {};
  function applyFilters() {
    nodes.update(data.nodes.map(function (n) { return { id: n.id, hidden: hiddenLabels[n.group] === true }; }));
    edges.update(data.edges.map(function (e) {
      var hidden = data.links[e.id].counts.every(function (pair) { return hiddenKinds[data.kinds[pair[0]]] === true; });
      return { id: e.id, hidden: hidden };
    }));
  }
  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      var hidden = box.getAttribute("data-filter") === "label" ? hiddenLabels : hiddenKinds;
      hidden[box.value] = !box.checked;
      applyFilters();
    });
  });
  var showAll = document.getElementById("show-all");
  if (showAll) {
    showAll.addEventListener("click", function () {
      boxes.forEach(function (box) { box.checked = true; });
      hiddenLabels = {};
      hiddenKinds = {};
      applyFilters();
    });
  }
  var fit = document.getElementById("fit");
  if (fit) { fit.addEventListener("click", function () { network.fit(); }); }

  // Search by canonical name or any alias, compared as the extractor compares names.
  function fold(value) {
    return String(value).replace(/[\s"'“”‘’「」『』《》]/g, "").replace(/（/g, "(").replace(/）/g, ")").toLowerCase();
  }
  var index = [];
  data.nodes.forEach(function (n) {
    n.names.forEach(function (name) { index.push({ key: fold(name), id: n.id }); });
  });
  function findNode(query) {
    var key = fold(query);
    if (!key) { return null; }
    var i;
    for (i = 0; i < index.length; i++) { if (index[i].key === key) { return index[i].id; } }
    for (i = 0; i < index.length; i++) { if (index[i].key.indexOf(key) !== -1) { return index[i].id; } }
    return null;
  }
  function say(message) { if (status) { status.textContent = message; } }
  function focusNode(query) {
    var id = findNode(query);
    if (id === null) {
      say("No node is called “" + query + "”.");
      return null;
    }
    var node = nodes.get(id);
    if (hiddenLabels[node.group]) {
      hiddenLabels[node.group] = false;
      boxes.forEach(function (box) { if (box.value === node.group) { box.checked = true; } });
      applyFilters();
    }
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    showNode(id);
    say(node.name + " (" + node.group + ")");
    return id;
  }
  view.focusNode = focusNode;
  var form = document.getElementById("search-form");
  if (form) {
    var list = document.getElementById("search-names");
    if (list) {
      var seen = {};
      data.nodes.forEach(function (n) {
        n.names.forEach(function (name) {
          if (!seen[name]) {
            seen[name] = true;
            var option = document.createElement("option");
            option.value = name;
            list.appendChild(option);
          }
        });
      });
    }
    var search = document.getElementById("search");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      focusNode(search.value);
    });
  }
  // First the whole view; an ego network first shows its focus and the ring around it, close enough to read.
  var near = data.nodes.filter(function (n) { return n.distance !== undefined && n.distance <= 1; });
  if (near.length > 1) {
    network.fit({ nodes: near.map(function (n) { return n.id; }) });
    if (network.getScale() > 1) { network.moveTo({ scale: 1 }); }
  } else {
    network.fit();
  }
})();
