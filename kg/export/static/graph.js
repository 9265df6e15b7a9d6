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
  var relations = data.relations;  // [name, facts, canonical]
  // A fact's relation as a reader sees it: with the role its object has when the relation does not say it
  // ("buy from" is acquire, the object in the role "from": the seller, not what was bought).
  function relationText(e) { return relations[e.rel][0] + (e.role ? " (" + e.role + ")" : ""); }
  // vis-network keeps its nodes in plain objects: an entity called "constructor", "__proto__" or
  // "toString" would read Object's own properties there and break the whole drawing. Such an id (and
  // any id starting with the mark, so that no two ids become one) is drawn under a marked id; every
  // other id stays the entity's own. The page's own maps are Maps and null-prototype objects.
  var MARK = "\u2063";  // INVISIBLE SEPARATOR: never in an id kg makes
  function drawnId(id) { return id in Object.prototype || id.charAt(0) === MARK ? MARK + id : id; }
  data.nodes.forEach(function (n) { n.id = drawnId(n.id); });
  data.edges.forEach(function (e) { e.from = drawnId(e.from); e.to = drawnId(e.to); });
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

  // Names of people, organizations, places and events are what a reader looks for first: their labels come first.
  var NAMED = new Set(["Person", "Organization", "Place", "Event"]);
  var maxValue = data.nodes.reduce(function (m, n) { return Math.max(m, n.value); }, 1);
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var type = types[n.type];
    var tip = n.label + " (" + type[0] + ")";
    if (n.aliases.length) tip += "\nalso: " + n.aliases.join(", ");
    n.named = NAMED.has(type[0]);
    // Dot area grows with the number of facts, from 8 to 34 canvas pixels of radius.
    n.radius = 8 + 26 * Math.sqrt((n.value - 1) / Math.max(maxValue - 1, 1));
    var item = {id: n.id, label: "", color: type[1], size: n.radius, group: n.named ? "named" : "other", title: tip};
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    return item;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    var tip = nodeById.get(e.from).label + " \u2192 " + e.key + " \u2192 " + nodeById.get(e.to).label +
      (relationText(e) !== e.key ? "\nrelation: " + relationText(e) : "") + "\nconfidence " + e.confidence.toFixed(2) + (e.asserted ? "" : " (not asserted)") + "\nclick for the evidence";
    var item = {id: i, from: e.from, to: e.to, label: e.key, font: {size: 0}, dashes: !e.asserted, title: tip};
    if (e.smooth) item.smooth = e.smooth;
    return item;
  }));

  // ------------------------------------------------------------ filters
  var state = {
    types: new Set(types.map(function (_, i) { return i; })), relation: -1, document: -1, query: "",
    focus: null, focusId: null,  // the focused entity and its neighbours, and the entity itself
    overview: data.layout.overview > 0  // a big graph opens on its best-connected names (nodes with a rank)
  };
  var shownNodes = new Set();
  var shownEdges = new Set();

  function nodePasses(n) {
    if (!state.types.has(n.type)) return false;
    if (state.focus && !state.focus.has(n.id)) return false;
    // The overview: until an entity is expanded, searched for or a filter chosen, only the best-connected names.
    if (state.overview && n.rank === undefined && !state.focus && !state.query && state.relation < 0 &&
        state.document < 0) return false;
    if (state.document >= 0 && n.docs.indexOf(state.document) < 0) return false;
    return !state.query || n.search.indexOf(state.query) >= 0;
  }

  function edgePasses(e) {
    if (state.relation >= 0 && e.rel !== state.relation) return false;
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
    // A relation filter is about facts: entities without such a fact would only be clutter.
    shownNodes = state.relation >= 0 ? touched : candidates;
    nodeView.refresh();
    edgeView.refresh();
    byId("kg-status").textContent = shownNodes.size + " of " + data.nodes.length + " entities, " +
      shownEdges.size + " of " + data.edges.length + " facts shown";
    if (kg.ready) placeLabels();
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
  legend.appendChild(el("div", "\u2192 fact (subject to object); dashed: not asserted (negated, hedged, claimed...)", "key"));

  // The relation filter lists kg's canonical relations first (most facts first), then the predicates no
  // relation covers; the box beside it narrows the list to the relations whose name holds its words.
  var predicateSelect = byId("kg-predicate");
  var relationOrder = relations.map(function (_, i) { return i; }).sort(function (a, b) {
    return (relations[b][2] - relations[a][2]) || (relations[b][1] - relations[a][1]) || a - b;
  });
  function listRelations(words) {
    var chosen = predicateSelect.value;
    predicateSelect.replaceChildren(new Option("All relations (" + relations.length + ")", "-1"));
    relationOrder.forEach(function (i) {
      if (!words || relations[i][0].indexOf(words) >= 0) predicateSelect.appendChild(new Option(relations[i][0], String(i)));
    });
    predicateSelect.value = chosen && predicateSelect.querySelector('option[value="' + chosen + '"]') ? chosen : "-1";
  }
  listRelations("");
  byId("kg-relation-search").addEventListener("input", function () {
    listRelations(this.value.trim().toLowerCase());
    // One relation left: it is the one asked for.
    if (predicateSelect.options.length === 2) predicateSelect.value = predicateSelect.options[1].value;
    if (Number(predicateSelect.value) !== state.relation) {
      state.relation = Number(predicateSelect.value);
      recompute();
    }
  });
  predicateSelect.addEventListener("change", function () {
    state.relation = Number(predicateSelect.value);
    recompute();
  });

  if (state.overview) {
    var overviewBox = byId("kg-overview");
    byId("kg-overview-box").hidden = false;
    overviewBox.nextSibling.textContent = " the " + data.layout.overview + " best-connected names only";
    overviewBox.addEventListener("change", function () {
      state.overview = overviewBox.checked;
      recompute();
      fitTo(nodeView.getIds());
    });
  }

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
    state.focusId = null;
    state.query = "";
    search.value = "";
    network.unselectAll();
    recompute();
    fitTo(nodeView.getIds());
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
    if (relationText(e) !== e.key) panel.appendChild(el("div", "relation: " + relationText(e), "meta"));
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
    state.focusId = id;
    state.focus = new Set(adjacency.get(id));
    state.focus.add(id);
    state.query = "";
    recompute();
    // A type filter may hide the entity itself; vis-network throws on selecting a node it does not have.
    if (shownNodes.has(id)) network.selectNodes([id]);
    fitTo(Array.from(state.focus).filter(function (n) { return shownNodes.has(n); }));
    showEntity(id);
  }

  // ------------------------------------------------------------ labels
  // A label keeps one size on screen at any zoom: names 14 px, descriptions 12 px, facts 12 px.
  // At every view the labels are placed again, most important first (names, then by number of
  // facts), each in full, else shortened, else left out where it would overlap a label or a
  // dot already there; zooming in makes room, so more labels appear and shortened ones grow back.
  // A fact's label shows where it fits along its arrow: always for the hovered fact or entity, first for the focused one.
  var LEGEND = {};  // the owner of the legend's box: no entity id can be it
  var LABEL_PX = {named: 14, other: 12};
  var EDGE_PX = 12;
  var FONT_FACE = "arial";  // vis-network's own, so that measured widths are drawn widths
  var GAP_PX = 3;  // clear space kept around each label on screen
  var DOT_PX = 5;  // dots of at least this radius on screen are kept clear of labels
  var measure = document.createElement("canvas").getContext("2d");
  var widths = new Map();
  var hovered = null;  // the entity under the mouse pointer
  var hoveredEdge = null;  // the fact under the mouse pointer
  var drawn = {nodes: new Map(), edges: new Map()};  // by id: each entity's label and place, each fact's label size

  function textWidth(text, px) {
    var key = px + " " + text;
    if (!widths.has(key)) {
      measure.font = px + "px " + FONT_FACE;
      widths.set(key, measure.measureText(text).width);
    }
    return widths.get(key);
  }

  function shortened(text, length) {
    if (text.length <= length) return text;
    var cut = text.slice(0, length - 1);
    var space = cut.lastIndexOf(" ");
    return (space > length / 2 ? cut.slice(0, space) : cut) + "\u2026";
  }

  // Boxes on screen, in a grid of cells, for finding overlaps in about constant time.
  function Boxes(cell) {
    this.cell = cell;
    this.grid = new Map();
  }
  Boxes.prototype.cells = function (b, visit) {
    for (var i = Math.floor(b.left / this.cell); i <= Math.floor(b.right / this.cell); i++) {
      for (var j = Math.floor(b.top / this.cell); j <= Math.floor(b.bottom / this.cell); j++) {
        if (visit(i + "," + j) === false) return false;
      }
    }
    return true;
  };
  // Whether b overlaps no box but its owner's own (and no dot, unless clearOfDots is false).
  Boxes.prototype.free = function (b, clearOfDots) {
    var grid = this.grid;
    return this.cells(b, function (key) {
      var here = grid.get(key) || [];
      for (var k = 0; k < here.length; k++) {
        var o = here[k];
        if (o.owner === b.owner || (o.dot && !clearOfDots)) continue;
        if (o.left < b.right && b.left < o.right && o.top < b.bottom && b.top < o.bottom) return false;
      }
    });
  };
  Boxes.prototype.add = function (b) {
    var grid = this.grid;
    this.cells(b, function (key) {
      if (!grid.has(key)) grid.set(key, []);
      grid.get(key).push(b);
    });
  };

  function box(cx, top, width, height, owner) {
    return {left: cx - width / 2 - GAP_PX, right: cx + width / 2 + GAP_PX, top: top - GAP_PX, bottom: top + height + GAP_PX, owner: owner};
  }

  function nodeOrder(a, b) {
    if (a.named !== b.named) return a.named ? -1 : 1;
    return b.value - a.value || a.label.length - b.label.length;
  }

  function placeLabels() {
    var scale = network.getScale();
    var ids = nodeView.getIds();
    var at = network.getPositions(ids);
    var boxes = new Boxes(64);
    var screen = Object.create(null);
    ids.forEach(function (id) {
      var p = network.canvasToDOM(at[id]);
      var r = nodeById.get(id).radius * scale;
      screen[id] = {x: p.x, y: p.y, r: r};
      // No label covers a dot big enough to aim at; a zoomed-out crowd of specks would leave no room for any name.
      if (r >= DOT_PX) boxes.add({left: p.x - r, right: p.x + r, top: p.y - r, bottom: p.y + r, owner: id, dot: true});
    });
    var legend = byId("kg-legend").getBoundingClientRect(), canvas = byId("kg-graph").getBoundingClientRect();
    boxes.add({left: legend.left - canvas.left, right: legend.right - canvas.left, top: legend.top - canvas.top,
               bottom: legend.bottom - canvas.top, owner: LEGEND});
    var labels = new Map(), edgeLabels = new Map();
    // A label cut by the edge of the view is not readable either.
    var inView = function (b) { return b.left >= 0 && b.top >= 0 && b.right <= canvas.width && b.bottom <= canvas.height; };

    function placeNode(n, forced) {
      var s = screen[n.id];
      var px = LABEL_PX[n.named ? "named" : "other"];
      var full = n.label.length > 40 ? shortened(n.label, 40) : n.label;
      var texts = forced ? [full] : [full, shortened(full, 24), shortened(full, 14)];
      // vis-network draws a dot's label centred below it, its top 4 canvas pixels and half a line under
      // the dot; font.vadjust (canvas pixels) moves it, here to just above the dot. A name may also stand
      // up to four lines further off, where the names around a hub leave no nearer room: read a little off
      // its dot rather than not at all.
      var below = s.y + s.r + 4 * scale + px / 2, above = s.y - s.r - 4 * scale - px;
      var spots = (n.named ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] : [0, 1]).map(function (k) {
        var top = k % 2 ? above - (k >> 1) * px : below + (k >> 1) * px;
        return {top: top, vadjust: (top - below) / scale};
      });
      // A name may cover small dots rather than go unread; a description may not.
      var passes = n.named || forced ? [true, false] : [true];
      var found = passes.some(function (clearOfDots) {
        return texts.some(function (text) {
          return spots.some(function (spot) {
            var b = box(s.x, spot.top, textWidth(text, px), px, n.id);
            if (!inView(b) || !boxes.free(b, clearOfDots)) return false;
            boxes.add(b);
            labels.set(n.id, {text: text, vadjust: spot.vadjust});
            return true;
          });
        });
      });
      if (!found && forced) labels.set(n.id, {text: full, vadjust: 0});
    }

    // A fact's label is drawn along its arrow, at the middle: it is placed only where it fits between the
    // dots. A curved arrow's middle is off the line by up to half its roundness times its length: the box
    // grows by that much.
    function placeEdge(i, forced) {
      var e = data.edges[i];
      var a = screen[e.from], b = screen[e.to];
      var dx = b.x - a.x, dy = b.y - a.y;
      var length = Math.sqrt(dx * dx + dy * dy);
      var width = textWidth(e.key, EDGE_PX);
      var bend = e.smooth && e.smooth.enabled ? e.smooth.roundness / 2 * length : 0;
      var cos = length ? Math.abs(dx / length) : 1, sin = length ? Math.abs(dy / length) : 0;
      var w = width * cos + EDGE_PX * sin + 2 * bend, h = width * sin + EDGE_PX * cos + 2 * bend;
      var around = box(a.x + dx / 2, a.y + dy / 2 - h / 2, w, h, "fact " + i);
      if (forced || (length - a.r - b.r - 16 >= width && inView(around) && boxes.free(around, true))) {
        boxes.add(around);
        edgeLabels.set(i, e.key);
      }
    }

    // Whose labels come first: the entity under the pointer or in focus, the facts under the pointer or
    // of the hovered entity, the focused entity's facts, every other name by importance, every other fact
    // by confidence.
    var touches = function (i, id) { return id !== null && (data.edges[i].from === id || data.edges[i].to === id); };
    var forcedEdge = function (i) { return i === hoveredEdge || touches(i, hovered); };
    var forcedNode = function (n) { return n.id === hovered || n.id === state.focusId; };
    var facts = edgeView.getIds().sort(function (a, b) { return data.edges[b].confidence - data.edges[a].confidence; });
    var entities = ids.map(function (id) { return nodeById.get(id); }).sort(nodeOrder);
    entities.filter(forcedNode).forEach(function (n) { placeNode(n, true); });
    facts.filter(forcedEdge).forEach(function (i) { placeEdge(i, true); });
    facts.filter(function (i) { return !forcedEdge(i) && touches(i, state.focusId); }).forEach(function (i) { placeEdge(i, false); });
    entities.filter(function (n) { return !forcedNode(n); }).forEach(function (n) { placeNode(n, false); });
    facts.filter(function (i) { return !forcedEdge(i) && !touches(i, state.focusId); }).forEach(function (i) { placeEdge(i, false); });
    apply(labels, edgeLabels, scale);
  }

  var fontScale = null;
  function apply(labels, edgeLabels, scale) {
    if (scale !== fontScale) {
      fontScale = scale;
      network.setOptions({
        groups: {
          named: {font: {size: LABEL_PX.named / scale, strokeWidth: 3 / scale}},
          other: {font: {size: LABEL_PX.other / scale, strokeWidth: 3 / scale}}
        },
        edges: {font: {strokeWidth: 3 / scale}}
      });
    }
    var nodeChanges = [];
    nodeView.getIds().forEach(function (id) {
      var label = labels.get(id) || {text: "", vadjust: 0};
      var now = drawn.nodes.get(id);
      if (!now || now.text !== label.text || now.vadjust !== label.vadjust) {
        nodeChanges.push({id: id, label: label.text, font: {vadjust: label.vadjust}});
      }
      drawn.nodes.set(id, label);
    });
    // vis-network 9 cannot take an edge's label away ("" leaves the old one): every fact keeps its predicate
    // as its label, and one not shown has a font of size 0, which vis-network does not draw.
    var edgeChanges = [];
    edgeView.getIds().forEach(function (i) {
      var size = edgeLabels.has(i) ? EDGE_PX / scale : 0;
      if (drawn.edges.get(i) !== size) edgeChanges.push({id: i, font: {size: size}});
      drawn.edges.set(i, size);
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
  }

  // Zoom to show the given entities' dots with room around them for labels. vis-network's own fit()
  // counts the labels at their present size in canvas units, which is the wrong size once the zoom changes.
  var MARGIN_PX = {x: 90, y: 40};
  function fitTo(ids) {
    if (!ids.length) return;
    var at = network.getPositions(ids);
    var left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
    ids.forEach(function (id) {
      var r = nodeById.get(id).radius;
      left = Math.min(left, at[id].x - r); right = Math.max(right, at[id].x + r);
      top = Math.min(top, at[id].y - r); bottom = Math.max(bottom, at[id].y + r);
    });
    var area = byId("kg-graph").getBoundingClientRect();
    var scale = Math.min(
      (area.width - 2 * MARGIN_PX.x) / Math.max(right - left, 1), (area.height - 2 * MARGIN_PX.y) / Math.max(bottom - top, 1), 2
    );
    network.moveTo({position: {x: (left + right) / 2, y: (top + bottom) / 2}, scale: Math.max(scale, 0.02)});
    placeLabels();
  }

  var placing = false;
  function placeSoon() {
    if (placing) return;
    placing = true;
    requestAnimationFrame(function () { placing = false; placeLabels(); });
  }

  // ------------------------------------------------------------ the network
  var layout = data.layout;  // {physics: bool, big: bool}
  var network = new vis.Network(byId("kg-graph"), {}, {
    nodes: {shape: "dot", font: {face: FONT_FACE, color: "#222", strokeColor: "#ffffff"}},
    groups: {named: {}, other: {}},  // label sizes by group, set for each zoom (see placeLabels)
    edges: {
      arrows: {to: {enabled: true, scaleFactor: 0.6}},
      smooth: false,  // straight; parallel facts carry their own curves
      font: {face: FONT_FACE, align: "middle", color: "#444", strokeColor: "#ffffff"},
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

  network.on("zoom", placeSoon);
  network.on("resize", placeSoon);
  network.on("hoverNode", function (params) { hovered = params.node; placeSoon(); });
  network.on("blurNode", function () { hovered = null; placeSoon(); });
  network.on("hoverEdge", function (params) { hoveredEdge = params.edge; placeSoon(); });
  network.on("blurEdge", function () { hoveredEdge = null; placeSoon(); });

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
      firstView();
    });
  } else {
    network.once("afterDrawing", firstView);
  }

  function firstView() {
    fitTo(nodeView.getIds());
    network.once("afterDrawing", ready);
    network.redraw();
  }

  // Filters take nodes out of the network and put them back: they must come back where they were.
  function keepPositions(ids) {
    var positions = network.getPositions(ids);
    nodes.update(ids.map(function (id) { return {id: id, x: positions[id].x, y: positions[id].y}; }));
  }
  network.on("dragEnd", function (params) {
    if (params.nodes.length) keepPositions(params.nodes);
    placeSoon();
  });

  network.on("click", function (params) {
    if (params.nodes.length) focus(params.nodes[0]);
    else if (params.edges.length) showFact(params.edges[0]);
  });

  recompute();
  network.setData({nodes: nodeView, edges: edgeView});
})();
