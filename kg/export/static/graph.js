// The kg graph page: reads the JSON data island, draws it with vis-network,
// and wires the search box, the filters, the neighbourhood focus and the
// evidence panel. Text from the articles is only ever put into the page with
// textContent, text nodes and DOM properties, never parsed as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var byId = function (id) { return document.getElementById(id); };

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function httpUrl(url) {
    return typeof url === "string" && /^https?:\/\/[^\s]+$/i.test(url) ? url : null;
  }

  var types = data.types;          // [name, colour, count]
  var documents = data.documents;  // {id, title, url, date}
  var predicates = data.predicates;
  var nodeById = new Map();
  var adjacency = new Map();
  data.nodes.forEach(function (n) {
    nodeById.set(n.id, n);
    adjacency.set(n.id, new Set());
    n.search = [n.label].concat(n.aliases).join("\n").toLowerCase();
  });
  data.edges.forEach(function (e) {
    adjacency.get(e.from).add(e.to);
    adjacency.get(e.to).add(e.from);
  });

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var type = types[n.type];
    var tip = n.label + " (" + type[0] + ")";
    if (n.aliases.length) tip += "\nalso: " + n.aliases.join(", ");
    // Long descriptions ("decision to block the purchase of ...") would cover their neighbours.
    var label = n.label.length > 40 ? n.label.slice(0, 38) + "\u2026" : n.label;
    var item = {id: n.id, label: label, color: type[1], value: n.value, title: tip};
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    return item;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    var tip = nodeById.get(e.from).label + " \u2192 " + e.key + " \u2192 " + nodeById.get(e.to).label +
      "\nconfidence " + e.confidence.toFixed(2) + (e.asserted ? "" : " (not asserted)") + "\nclick for the evidence";
    var item = {id: i, from: e.from, to: e.to, label: e.key, dashes: !e.asserted, title: tip};
    if (e.smooth) item.smooth = e.smooth;
    return item;
  }));

  // ------------------------------------------------------------ filters
  var state = {
    types: new Set(types.map(function (_, i) { return i; })), predicate: -1, document: -1, query: "", focus: null
  };
  var shownNodes = new Set();
  var shownEdges = new Set();

  function nodePasses(n) {
    if (!state.types.has(n.type)) return false;
    if (state.focus && !state.focus.has(n.id)) return false;
    if (state.document >= 0 && n.docs.indexOf(state.document) < 0) return false;
    return !state.query || n.search.indexOf(state.query) >= 0;
  }

  function edgePasses(e) {
    if (state.predicate >= 0 && e.pred !== state.predicate) return false;
    return state.document < 0 || e.docs.indexOf(state.document) >= 0;
  }

  function recompute() {
    var candidates = new Set();
    data.nodes.forEach(function (n) { if (nodePasses(n)) candidates.add(n.id); });
    shownEdges = new Set();
    var touched = new Set();
    data.edges.forEach(function (e, i) {
      if (candidates.has(e.from) && candidates.has(e.to) && edgePasses(e)) {
        shownEdges.add(i);
        touched.add(e.from);
        touched.add(e.to);
      }
    });
    // A predicate filter is about facts: entities without such a fact would only be clutter.
    shownNodes = state.predicate >= 0 ? touched : candidates;
    nodeView.refresh();
    edgeView.refresh();
    byId("kg-status").textContent = shownNodes.size + " of " + data.nodes.length + " entities, " +
      shownEdges.size + " of " + data.edges.length + " facts shown";
  }

  var nodeView = new vis.DataView(nodes, {filter: function (item) { return shownNodes.has(item.id); }});
  var edgeView = new vis.DataView(edges, {filter: function (item) { return shownEdges.has(item.id); }});

  // ------------------------------------------------------------ controls
  var legend = byId("kg-legend");
  types.forEach(function (type, i) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = String(i);
    box.addEventListener("change", function () {
      if (box.checked) state.types.add(i); else state.types.delete(i);
      recompute();
    });
    var dot = el("span", null, "dot");
    dot.style.background = type[1];
    label.appendChild(box);
    label.appendChild(dot);
    label.appendChild(document.createTextNode(type[0] + " "));
    label.appendChild(el("span", "(" + type[2] + ")", "count"));
    legend.appendChild(label);
  });
  legend.appendChild(el("div", "\u2192 fact (subject to object); dashed: negated or hedged", "key"));

  var predicateSelect = byId("kg-predicate");
  predicateSelect.appendChild(new Option("All predicates (" + predicates.length + ")", "-1"));
  predicates.forEach(function (p, i) { predicateSelect.appendChild(new Option(p, String(i))); });
  predicateSelect.addEventListener("change", function () {
    state.predicate = Number(predicateSelect.value);
    recompute();
  });

  var documentSelect = byId("kg-document");
  documentSelect.appendChild(new Option("All documents (" + documents.length + ")", "-1"));
  documents.forEach(function (d, i) { documentSelect.appendChild(new Option(d.title || d.id, String(i))); });
  documentSelect.addEventListener("change", function () {
    state.document = Number(documentSelect.value);
    recompute();
  });

  var search = byId("kg-search");
  var searchTimer = null;
  search.addEventListener("input", function () {
    clearTimeout(searchTimer);
    // Big graphs: wait for a pause in the typing before filtering everything again.
    searchTimer = setTimeout(function () {
      state.query = search.value.trim().toLowerCase();
      recompute();
    }, data.nodes.length > 2000 ? 200 : 0);
  });
  search.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    clearTimeout(searchTimer);
    state.query = search.value.trim().toLowerCase();
    var first = state.query && data.nodes.find(function (n) { return n.search.indexOf(state.query) >= 0; });
    if (first) focus(first.id); else recompute();
  });

  byId("kg-reset").addEventListener("click", function () {
    state.focus = null;
    state.query = "";
    search.value = "";
    network.unselectAll();
    recompute();
    network.fit();
  });

  if (data.note) {
    byId("kg-note").textContent = data.note;
    byId("kg-note").hidden = false;
  }

  // ------------------------------------------------------------ the panel
  var panel = byId("kg-panel");

  function openPanel(title) {
    panel.replaceChildren();
    var close = el("button", "\u00d7", "");
    close.id = "kg-close";
    close.type = "button";
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", function () { panel.hidden = true; });
    panel.appendChild(close);
    panel.appendChild(el("h2", title));
    panel.hidden = false;
  }

  // The sentence as text nodes, with the fact's words wrapped in <mark>.
  function sentence(text, marks) {
    var quote = el("blockquote");
    var at = 0;
    marks.forEach(function (m) {
      if (m[0] > at) quote.appendChild(document.createTextNode(text.slice(at, m[0])));
      quote.appendChild(el("mark", text.slice(m[0], m[1])));
      at = m[1];
    });
    if (at < text.length) quote.appendChild(document.createTextNode(text.slice(at)));
    return quote;
  }

  function source(index) {
    var doc = documents[index];
    var line = el("div", null, "source");
    var url = httpUrl(doc.url);
    var name = doc.title || (url ? url : doc.id);
    if (url) {
      var link = el("a", name);
      link.href = url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      line.appendChild(document.createTextNode("Source: "));
      line.appendChild(link);
    } else {
      line.appendChild(document.createTextNode("Source: " + name));
    }
    if (doc.date) line.appendChild(document.createTextNode(" (" + doc.date + ")"));
    return line;
  }

  function showFact(index) {
    var e = data.edges[index];
    openPanel(nodeById.get(e.from).label + " \u2192 " + e.key + " \u2192 " + nodeById.get(e.to).label);
    var meta = el("div", null, "meta");
    meta.appendChild(el("span", "confidence " + e.confidence.toFixed(2), "badge"));
    if (!e.asserted) {
      // Why the text does not assert it: negated, hedged, requested, refused, conditional, denied, claimed.
      meta.appendChild(el("span", "not asserted: " + e.assertion + (e.modality ? " (" + e.modality + ")" : ""),
                          "badge warn"));
    }
    panel.appendChild(meta);
    [["time", e.time], ["place", e.place], ["said by", e.by]].forEach(function (pair) {
      if (pair[1]) panel.appendChild(el("div", pair[0] + ": " + pair[1], "meta"));
    });
    panel.appendChild(el("h2", "Evidence (" + e.evidence_count + ")"));
    e.evidence.forEach(function (ev) {
      panel.appendChild(sentence(ev[1], ev[2]));
      panel.appendChild(source(ev[0]));
    });
    if (e.evidence_count > e.evidence.length) {
      panel.appendChild(el("div", "and " + (e.evidence_count - e.evidence.length) + " more sentences", "meta"));
    }
  }

  function showEntity(id) {
    var n = nodeById.get(id);
    openPanel(n.label);
    panel.appendChild(el("div", types[n.type][0] + ", " + adjacency.get(id).size + " neighbours", "meta"));
    if (n.aliases.length) panel.appendChild(el("div", "also: " + n.aliases.join(", "), "meta"));
    n.attributes.forEach(function (a) { panel.appendChild(el("div", a[0] + ": " + a[1], "meta")); });
    n.participants.forEach(function (p) { panel.appendChild(el("div", p[0] + ": " + p[1], "meta")); });
    var list = el("ul");
    data.edges.forEach(function (e, i) {
      if (e.from !== id && e.to !== id) return;
      var item = el("li");
      var text = nodeById.get(e.from).label + " \u2192 " + e.key + " \u2192 " + nodeById.get(e.to).label;
      var button = el("button", text, "link");
      button.type = "button";
      button.addEventListener("click", function () { showFact(i); });
      item.appendChild(button);
      list.appendChild(item);
    });
    panel.appendChild(el("h2", "Facts"));
    panel.appendChild(list);
  }

  function focus(id) {
    state.focus = new Set(adjacency.get(id));
    state.focus.add(id);
    state.query = "";
    recompute();
    // A type filter may hide the entity itself; vis-network throws on selecting a node it does not have.
    if (shownNodes.has(id)) network.selectNodes([id]);
    network.fit({nodes: Array.from(state.focus).filter(function (n) { return shownNodes.has(n); })});
    showEntity(id);
  }

  // ------------------------------------------------------------ the network
  var layout = data.layout;  // {physics: bool, big: bool}
  var network = new vis.Network(byId("kg-graph"), {}, {
    nodes: {
      shape: "dot",
      scaling: {min: 8, max: 34, label: {enabled: false}},
      font: {size: 16, strokeWidth: 3, strokeColor: "#ffffff"}
    },
    edges: {
      arrows: {to: {enabled: true, scaleFactor: 0.6}},
      smooth: false,  // straight; parallel facts carry their own curves
      font: {size: 12, align: "middle", color: "#444", strokeWidth: 3},
      color: {color: "#9a9a9a", highlight: "#333", hover: "#333"},
      width: 1.2
    },
    layout: {improvedLayout: false, randomSeed: 7},  // the same graph looks the same every time
    physics: layout.physics
      ? {
          enabled: true,
          solver: "barnesHut",
          barnesHut: {gravitationalConstant: -4000, springLength: 110, avoidOverlap: 0.3},
          stabilization: {enabled: true, iterations: 300, updateInterval: 50}
        }
      : {enabled: false},
    interaction: {hover: true, tooltipDelay: 150, hideEdgesOnDrag: layout.big, hideEdgesOnZoom: layout.big}
  });

  var kg = {
    network: network, nodes: nodeView, edges: edgeView,
    totalNodes: data.nodes.length, totalEdges: data.edges.length, ready: false, readyMs: null
  };
  window.kg = kg;
  window.kgNetwork = network;

  function ready() {
    if (kg.ready) return;
    kg.ready = true;
    kg.readyMs = performance.now();
    document.body.setAttribute("data-kg-ready", "true");
  }

  if (layout.physics && data.nodes.length) {  // an empty network never reports stabilization
    // Small graphs: let the forces settle, then freeze them so nothing keeps drifting.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      keepPositions(nodeView.getIds());
      network.fit();
      network.once("afterDrawing", ready);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", ready);
  }

  // Filters take nodes out of the network and put them back: they must come back where they were.
  function keepPositions(ids) {
    var positions = network.getPositions(ids);
    nodes.update(ids.map(function (id) { return {id: id, x: positions[id].x, y: positions[id].y}; }));
  }
  network.on("dragEnd", function (params) { if (params.nodes.length) keepPositions(params.nodes); });

  network.on("click", function (params) {
    if (params.nodes.length) focus(params.nodes[0]);
    else if (params.edges.length) showFact(params.edges[0]);
  });

  recompute();
  network.setData({nodes: nodeView, edges: edgeView});
})();
