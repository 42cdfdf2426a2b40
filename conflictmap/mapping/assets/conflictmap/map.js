/* conflictmap map renderer (MIT licence, part of conflictmap).
 *
 * Draws the places, statements, borders and countries of one or several articles
 * from a JSON description written by conflictmap.mapping. Names and tooltips are
 * put into the page with textContent, never parsed as HTML; popup bodies arrive
 * as HTML that the Python side has already escaped.
 */
(function (root) {
  "use strict";
  var VERSION = "1";
  var L = root.L;

  function textEl(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    el.textContent = text == null ? "" : String(text);
    return el;
  }

  function ensurePane(map, name, zIndex) {
    if (!map.getPane(name)) {
      var pane = map.createPane(name);
      pane.style.zIndex = String(zIndex);
    }
    return name;
  }

  /* A pin icon: the SVG of its kind and, for labelled pins, the name beside it. */
  function pinIcon(spec, name, labelled, importance) {
    var box = document.createElement("div");
    box.className = "cm-pin-box";
    box.innerHTML = spec.svg; // trusted: built from constants in markers.py
    if (labelled) {
      var label = textEl("span", "cm-pin-label cm-imp-" + importance, name);
      label.setAttribute("data-size", spec.size[0] + " " + spec.size[1]);
      label.setAttribute("data-anchor", String(spec.anchor[1]));
      setLabelSide(label, "right");
      box.appendChild(label);
    }
    return L.divIcon({
      html: box,
      className: "cm-pin",
      iconSize: spec.size,
      iconAnchor: spec.anchor,
      popupAnchor: [0, -spec.anchor[1] + 2],
      tooltipAnchor: [0, -spec.anchor[1]]
    });
  }

  function popupOptions() {
    return {
      maxWidth: 380,
      minWidth: 240,
      autoPanPaddingTopLeft: [40, 40],
      autoPanPaddingBottomRight: [40, 40],
      className: "cm-popup-wrap"
    };
  }

  function bindCommon(layer, item, sticky) {
    if (item.popup) { layer.bindPopup(item.popup, popupOptions()); }
    if (item.tip) {
      layer.bindTooltip(textEl("span", "", item.tip), {
        sticky: !!sticky,
        direction: "top",
        className: "cm-tip",
        opacity: 0.95
      });
    }
  }

  /* The layer each drawn element belongs to (for the keyboard). */
  var LAYERS = new WeakMap();

  /* Marks a drawn element with its item's id and kind; a line, circle or area with a
     popup also joins the tab order as a button (once per item: an area's first part),
     which Enter or Space opens like a pin (see keyboardPopups). */
  function markElement(layer, item, owner) {
    function mark() {
      var el = layer.getElement ? layer.getElement() : null;
      if (el) {
        LAYERS.set(el, owner || layer);
        el.setAttribute("data-cm-id", item.id || "");
        el.setAttribute("data-cm-kind", item.kind || item.t);
        var name = item.name || item.tip || item.label;
        if (name) { el.setAttribute("aria-label", name); }
        if (item.t !== "pin" && item.popup && !(owner && owner._cmFocus && owner._cmFocus !== el)) {
          if (owner) { owner._cmFocus = el; }
          el.setAttribute("tabindex", "0");
          el.setAttribute("role", "button");
          el.setAttribute("data-cm-focus", "1");
        }
      }
    }
    layer.on("add", mark);
    mark();
  }

  /* Longitudes for a view across or near 180° (Fiji and Samoa, Chukotka and Alaska):
     when the opening view, at least 6° across (the basemap layers' MIN_SPAN) and
     widened by half its size each way, reaches past ±180°, whatever lies more than
     half a world from the view's middle is drawn 360° nearer, so that both sides of
     the antimeridian sit together. A polygon or line part moves whole (by its mean). */
  function wrapper(fit) {
    var width = fit ? Math.max(fit[1][1] - fit[0][1], 6) : 0;
    var centre = fit ? (fit[0][1] + fit[1][1]) / 2 : 0;
    var middle = fit && width < 180 && (centre + width > 180 || centre - width < -180) ? centre : null;
    function shift(value) {  // degrees to add to a longitude (or a mean one)
      if (middle === null) { return 0; }
      return value < middle - 180 ? 360 : value > middle + 180 ? -360 : 0;
    }
    function lon(value) { return value + shift(value); }
    function ring(coords) {  // [[lon, lat], ...] or [[lat, lon], ...] (at = 0 or 1)
      return function (at) {
        if (middle === null || !coords.length) { return coords; }
        var sum = 0;
        coords.forEach(function (c) { sum += c[at]; });
        var by = shift(sum / coords.length);
        if (!by) { return coords; }
        return coords.map(function (c) { var d = c.slice(); d[at] += by; return d; });
      };
    }
    function geometry(g) {
      if (!g || middle === null) { return g; }
      var out = L.extend({}, g);
      if (g.type === "FeatureCollection") { out.features = g.features.map(geometry); }
      else if (g.type === "Feature") { out.geometry = geometry(g.geometry); }
      else if (g.type === "GeometryCollection") { out.geometries = g.geometries.map(geometry); }
      else if (g.type === "Point") { out.coordinates = [lon(g.coordinates[0]), g.coordinates[1]]; }
      else if (g.type === "LineString" || g.type === "MultiPoint") { out.coordinates = ring(g.coordinates)(0); }
      else if (g.type === "MultiLineString") { out.coordinates = g.coordinates.map(function (c) { return ring(c)(0); }); }
      else if (g.type === "Polygon") { out.coordinates = polygon(g.coordinates); }
      else if (g.type === "MultiPolygon") { out.coordinates = g.coordinates.map(polygon); }
      return out;
    }
    function polygon(rings) {  // every ring moves with the outer one
      var outer = rings[0] || [], sum = 0;
      outer.forEach(function (c) { sum += c[0]; });
      var by = outer.length ? shift(sum / outer.length) : 0;
      if (!by) { return rings; }
      return rings.map(function (r) { return r.map(function (c) { var d = c.slice(); d[0] += by; return d; }); });
    }
    function parts(latlngs) {  // a line's parts, [[lat, lon], ...] each, or one such list
      if (middle === null || !latlngs.length) { return latlngs; }
      if (typeof latlngs[0][0] === "number") { return ring(latlngs)(1); }
      return latlngs.map(function (part) { return ring(part)(1); });
    }
    /* The outlines of polygons as lines, without their edges along ±180° (where the
       gazetteer cut them) or round the back of the world (Antarctica's): drawn beside the
       view's middle, those seams would show. */
    function seamless(g) {
      var lines = [];
      function walkRings(rings) {
        rings.forEach(function (r) {
          var run = [];
          for (var i = 0; i < r.length; i++) {
            var seam = i > 0 && ((Math.abs(r[i][0]) === 180 && Math.abs(r[i - 1][0]) === 180) ||
                                 Math.abs(r[i][0] - r[i - 1][0]) > 180);  // round the back (a pole)
            if (seam) { if (run.length > 1) { lines.push(run); } run = [r[i]]; }
            else { run.push(r[i]); }
          }
          if (run.length > 1) { lines.push(run); }
        });
      }
      (function visit(x) {
        if (!x) { return; }
        if (x.type === "FeatureCollection") { x.features.forEach(visit); }
        else if (x.type === "Feature") { visit(x.geometry); }
        else if (x.type === "Polygon") { walkRings(x.coordinates); }
        else if (x.type === "MultiPolygon") { x.coordinates.forEach(walkRings); }
      })(g);
      return geometry({ type: "MultiLineString", coordinates: lines });
    }
    return { on: middle !== null, lon: lon, geometry: geometry, parts: parts, seamless: seamless };
  }

  function drawPin(item, ctx) {
    var spec = ctx.icons[item.icon];
    var marker = L.marker([item.lat, ctx.wrap.lon(item.lon)], {
      icon: pinIcon(spec, item.name, ctx.labels && item.label > 0, item.label || 0),
      keyboard: true,
      riseOnHover: true,
      zIndexOffset: (item.z || 0) * 100,
      pane: "markerPane"
    });
    bindCommon(marker, item, false);
    markElement(marker, item);
    return marker;
  }

  function drawLine(item, ctx) {
    var style = L.extend({ interactive: !!(item.popup || item.tip) }, item.style);
    var line = L.polyline(ctx.wrap.parts(item.parts), style);
    if (item.label) {
      var tag = lineLabel(item.label);
      line.bindTooltip(tag, { permanent: true, direction: "right", offset: [10, 0], className: "cm-line-label" });
      if (item.popup) { line.bindPopup(item.popup, popupOptions()); }
    } else {
      bindCommon(line, item, true);
    }
    markElement(line, item);
    return line;
  }

  /* A statement's label on two lines: what was stated, then what was measured and the
     verdict ("stated: some 400 km N" / "measured: 313 km NE · approximate"). */
  function lineLabel(text) {
    var parts = String(text).split(" \u00b7 ");
    var tag = document.createElement("span");
    tag.appendChild(textEl("span", "cm-line-label-row", parts[0]));
    if (parts.length > 1) { tag.appendChild(textEl("span", "cm-line-label-row", parts.slice(1).join(" \u00b7 "))); }
    return tag;
  }

  function drawCircle(item, ctx) {
    var style = L.extend({ radius: item.radius, interactive: !!(item.popup || item.tip) }, item.style);
    var at = [item.lat, ctx.wrap.lon(item.lon)];
    var circle = item.radius ? L.circle(at, style) : L.circleMarker(at, style);
    bindCommon(circle, item, true);
    markElement(circle, item);
    return circle;
  }

  function drawArea(item, ctx) {
    var style = item.style, wrap = ctx.wrap;
    var area = L.geoJSON(wrap.geometry(item.geojson), {
      pane: "cm-areas",
      style: function (feature) {  // across 180°: the fill unstroked, the outline apart
        var filled = /Polygon/.test(feature && feature.geometry ? feature.geometry.type : "");
        return wrap.on && filled ? L.extend({}, style, { stroke: false }) : style;
      }
    });
    if (wrap.on) { area.addData(wrap.seamless(item.geojson)); }
    bindCommon(area, item, true);
    area.on("mouseover", function () { area.setStyle({ weight: (style.weight || 1) + 1.5 }); });
    area.on("mouseout", function () { area.setStyle({ weight: style.weight || 1 }); });
    area.eachLayer(function (part) { markElement(part, item, area); });
    return area;
  }

  var DRAW = { pin: drawPin, line: drawLine, circle: drawCircle, area: drawArea };

  function drawBasemap(map, base, spec, wrap) {
    var target = base || map;
    if (spec.world) {
      var land = { color: "#a59d8f", weight: 0.7, fillColor: "#f3efe6", fillOpacity: 1 };
      L.geoJSON(wrap.geometry(spec.world), {
        pane: "cm-base",
        interactive: false,
        style: function () { return wrap.on ? L.extend({}, land, { stroke: false }) : land; }
      }).addTo(target);
      if (wrap.on) {  // across 180°: the outlines drawn apart, without the cut's seams
        L.geoJSON(wrap.seamless(spec.world), {
          pane: "cm-base",
          interactive: false,
          style: function () { return { color: land.color, weight: land.weight, fill: false }; }
        }).addTo(target);
      }
    }
    if (spec.orientation) {
      /* first-level boundaries, rivers and lakes (mapping/orientation.py), under the pins */
      var STYLE = {
        admin1: { color: "#b3a996", weight: 0.8, dashArray: "4 3", fill: false },
        river: { color: "#7fb0d3", weight: 1.1, fill: false },
        lake: { color: "#7fb0d3", weight: 0.6, fillColor: "#cfe2ee", fillOpacity: 1 }
      };
      L.geoJSON(wrap.geometry(spec.orientation), {
        pane: "cm-base",
        interactive: false,
        style: function (feature) { return STYLE[feature.properties.k] || STYLE.admin1; }
      }).addTo(target);
    }
    var labels = [];
    (spec.towns || []).forEach(function (row) {
      /* an unnamed large town, for orientation: placed with the country names (hidden
         where it would cover anything), after them */
      var inner = textEl("span", "cm-town", row[2]);
      inner.setAttribute("data-named", "0");
      inner.setAttribute("data-min-zoom", "20");
      L.marker([row[0], wrap.lon(row[1])], {
        pane: "cm-labels",
        interactive: false,
        keyboard: false,
        icon: L.divIcon({ className: "cm-country-label cm-town-label", html: inner, iconSize: [0, 0] })
      }).addTo(target);
    });
    (spec.labels || []).forEach(function (row) {
      var inner = textEl("span", row[4] ? "cm-mentioned" : "", row[2]);
      inner.setAttribute("data-named", row[4] ? "1" : "0");
      inner.setAttribute("data-min-zoom", String(row[3]));
      var marker = L.marker([row[0], wrap.lon(row[1])], {
        pane: "cm-labels",
        interactive: false,
        keyboard: false,
        icon: L.divIcon({ className: "cm-country-label", html: inner, iconSize: [0, 0] })
      });
      marker.addTo(target);
      labels.push({ marker: marker, minZoom: row[3] });
    });
    function update() {
      var zoom = map.getZoom();
      labels.forEach(function (entry) {
        var el = entry.marker.getElement();
        if (el) { el.style.display = zoom >= entry.minZoom ? "" : "none"; }
      });
    }
    map.on("zoomend", update);
    update();
  }

  function overlaps(r, t) {
    return r.left < t.right && r.right > t.left && r.top < t.bottom && r.bottom > t.top;
  }

  /* Labels never cover one another, a pin or a control. Place names go first (most
     important first), each right of its pin, else left, above or below, else hidden
     (also when the map's edge would cut it); statement labels
     then take a place near their line's middle that covers no place name and stays on
     the map, else hide (the line keeps its popup); country names on the basemap last
     (named countries, then the larger), hidden where they would cover anything. */
  function declutter(map, ctx) {
    var container = map.getContainer();
    var taken = [];
    Array.prototype.forEach.call(container.querySelectorAll(".cm-pin svg, .leaflet-control"), function (el) {
      taken.push(el.getBoundingClientRect());  // pins, and the panels and controls over the map
    });
    function clashes(r) {
      return taken.some(function (t) { return overlaps(r, t); });
    }
    var edge = container.getBoundingClientRect();
    function blocked(r) {  // covers something, or is cut off by the map's edge
      return r.left < edge.left || r.right > edge.right || r.top < edge.top ||
             r.bottom > edge.bottom || clashes(r);
    }
    if (ctx.labels) { placePinLabels(container, blocked, taken); }
    placeLineLabels(map, clashes, taken);
    placeCountryLabels(container, clashes, taken);
  }

  /* A pin's name right or left of it (centred on its anchor), or above or below it. */
  var PIN_SIDES = ["right", "left", "top", "bottom"];

  function setLabelSide(label, side) {
    var size = label.getAttribute("data-size").split(" ").map(Number);
    var anchor = Number(label.getAttribute("data-anchor"));
    var style = label.style;
    style.left = style.right = style.top = "auto";
    if (side === "right" || side === "left") {
      style[side === "right" ? "left" : "right"] = (size[0] + 3) + "px";
      style.top = anchor + "px";
      style.transform = "translateY(-50%)";
    } else {
      style.left = (size[0] / 2) + "px";
      style.top = side === "top" ? "-1px" : (size[1] + 1) + "px";
      style.transform = side === "top" ? "translate(-50%, -100%)" : "translate(-50%, 0)";
    }
    label.setAttribute("data-side", side);
  }

  function placePinLabels(container, clashes, taken) {
    var labels = Array.prototype.slice.call(container.querySelectorAll(".cm-pin-label"));
    labels.sort(function (a, b) { return importance(b) - importance(a); });
    labels.forEach(function (label) {
      label.style.visibility = "";
      var r = null;
      var placed = PIN_SIDES.some(function (side) {
        setLabelSide(label, side);
        r = label.getBoundingClientRect();
        return !clashes(r);
      });
      if (placed) {
        taken.push(r);
      } else {
        setLabelSide(label, "right");
        label.style.visibility = "hidden";
      }
    });
  }

  /* Where a statement label may sit beside a point of its line, in rings: next to it,
     a little away, then farther out in eight directions (those get a leader line back
     to the point). Every point of the line is tried in one ring before the next. */
  var LINE_RINGS = [
    [["right", [10, 0]], ["left", [-10, 0]], ["top", [0, -8]], ["bottom", [0, 8]]],
    [["right", [40, 0]], ["left", [-40, 0]], ["top", [0, -30]], ["bottom", [0, 30]]]
  ];
  [70, 120, 180].forEach(function (d) {
    var k = Math.round(d * 0.7);
    LINE_RINGS.push([["right", [d, 0]], ["left", [-d, 0]], ["top", [0, -d]], ["bottom", [0, d]],
                     ["right", [k, -k]], ["left", [-k, -k]], ["right", [k, k]], ["left", [-k, k]]]);
  });
  var LEADER_FROM = 25;  // px: a label set farther than this from its line gets a leader

  function placeLineLabels(map, clashes, taken) {
    var edge = map.getContainer().getBoundingClientRect();
    map.eachLayer(function (layer) {
      var tip = layer.getTooltip && layer.getTooltip();
      if (!tip || !tip.options.permanent || tip.options.className !== "cm-line-label") { return; }
      var el = tip.getElement();
      if (!el) { return; }
      el.style.visibility = "";
      el.style.borderLeftColor = layer.options.color || "#555";
      var points = alongLine(map, layer), spot = null;
      function fits(at, side) {
        tip.setLatLng(at);
        tip.options.direction = side[0];
        tip.options.offset = L.point(side[1][0], side[1][1]);
        tip.update();
        var r = el.getBoundingClientRect();
        var inside = r.left >= edge.left + 4 && r.right <= edge.right - 4 &&
                     r.top >= edge.top + 4 && r.bottom <= edge.bottom - 4;
        if (inside && !clashes(r)) { taken.push(r); spot = [at, r, side[1]]; return true; }
        return false;
      }
      var placed = LINE_RINGS.some(function (ring) {
        return points.some(function (at) { return ring.some(function (side) { return fits(at, side); }); });
      });
      if (!placed) {
        tip.setLatLng(points[0]);
        el.style.visibility = "hidden";
      }
      leader(map, layer, spot && Math.abs(spot[2][0]) + Math.abs(spot[2][1]) > LEADER_FROM ? spot : null);
    });
  }

  /* A thin line from a statement label set away from its line to the point it labels
     (drawn in the line's colour, under the labels; none when the label sits close). */
  function leader(map, layer, spot) {
    if (layer._cmLeader) { map.removeLayer(layer._cmLeader); layer._cmLeader = null; }
    if (!spot) { return; }
    var box = map.getContainer().getBoundingClientRect(), r = spot[1];
    var from = map.latLngToContainerPoint(spot[0]);
    var x = Math.max(r.left - box.left, Math.min(from.x, r.right - box.left));
    var y = Math.max(r.top - box.top, Math.min(from.y, r.bottom - box.top));
    layer._cmLeader = L.polyline([spot[0], map.containerPointToLatLng([x, y])], {
      color: layer.options.color || "#555", weight: 1.2, opacity: 0.9,
      interactive: false, pane: ensurePane(map, "cm-leaders", 620), className: "cm-leader"
    }).addTo(map);
  }

  /* Where a line's label may sit: its middle, then a third and two thirds along it. */
  function alongLine(map, layer) {
    var out = [layer.getCenter()];
    var points = (layer.getLatLngs ? L.LineUtil.isFlat(layer.getLatLngs()) ? layer.getLatLngs()
                  : layer.getLatLngs()[0] : []) || [];
    if (points.length < 2) { return out; }
    var px = points.map(function (p) { return map.latLngToLayerPoint(p); });
    var total = 0;
    for (var i = 1; i < px.length; i++) { total += px[i].distanceTo(px[i - 1]); }
    [1 / 3, 2 / 3].forEach(function (share) {
      var goal = share * total, run = 0;
      for (var j = 1; j < px.length; j++) {
        var step = px[j].distanceTo(px[j - 1]);
        if (run + step >= goal && step > 0) {
          var t = (goal - run) / step;
          out.push(map.layerPointToLatLng(px[j - 1].add(px[j].subtract(px[j - 1]).multiplyBy(t))));
          return;
        }
        run += step;
      }
    });
    return out;
  }

  function placeCountryLabels(container, clashes, taken) {
    var labels = Array.prototype.slice.call(container.querySelectorAll(".cm-country-label"));
    var box = container.getBoundingClientRect();
    var shown = labels.filter(function (label) {
      label.style.visibility = "";
      return label.style.display !== "none";
    });
    function rank(label) {
      var span = label.firstChild;
      return span ? Number(span.getAttribute("data-min-zoom")) - 10 * Number(span.getAttribute("data-named")) : 99;
    }
    shown.sort(function (a, b) { return rank(a) - rank(b); });
    shown.forEach(function (label) {
      var span = label.firstChild;
      if (!span) { return; }
      var r = span.getBoundingClientRect();
      if (!overlaps(r, box)) { return; }  // off the map: nothing to cover
      if (clashes(r)) {
        label.style.visibility = "hidden";
      } else {
        taken.push(r);
      }
    });
  }

  function importance(label) {
    var m = /cm-imp-(\d+)/.exec(label.className);
    return m ? parseInt(m[1], 10) : 0;
  }

  /* Keyboard: each pin is a button in the tab order (Leaflet's keyboard option), and so
     is each line, circle and area with a popup (markElement); Enter or Space opens its
     popup and moves the focus into it, Escape closes the popup and gives the focus
     back to what opened it. */
  function keyboardPopups(map) {
    var container = map.getContainer();
    var opener = null, open = null;
    map.on("popupopen", function (event) { open = event.popup; });
    map.on("popupclose", function (event) { if (open === event.popup) { open = null; } });
    container.addEventListener("keydown", function (event) {
      var key = event.key;
      var pin = event.target.closest ? event.target.closest(".leaflet-marker-icon, [data-cm-focus]") : null;
      var layer = pin ? LAYERS.get(pin) : null;
      if ((key === "Enter" || key === " " || key === "Spacebar") && layer && layer.getPopup && layer.getPopup()) {
        event.preventDefault();  // no page scroll, and no keypress (Leaflet's Enter would toggle it shut)
        event.stopPropagation();
        opener = pin;
        layer.openPopup();
        var box = layer.getPopup().getElement();
        var wrapper = box && box.querySelector(".leaflet-popup-content-wrapper");
        if (wrapper) {
          wrapper.setAttribute("tabindex", "-1");
          wrapper.setAttribute("role", "dialog");
          wrapper.setAttribute("aria-label", pin.getAttribute("aria-label") || "details");
          wrapper.focus({ preventScroll: true });
        }
      } else if ((key === "Escape" || key === "Esc") && open) {
        event.preventDefault();
        event.stopPropagation();
        map.closePopup();
        if (opener && document.body.contains(opener)) { opener.focus({ preventScroll: true }); }
        opener = null;
      }
    });
  }

  function control(map, position, className, html) {
    var Panel = L.Control.extend({
      onAdd: function () {
        var div = L.DomUtil.create("div", "cm-panel " + className);
        div.innerHTML = html; // built and escaped by conflictmap.mapping.panels
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
      }
    });
    var panel = new Panel({ position: position });
    panel.addTo(map);
    return panel.getContainer();
  }

  function goTo(map, entry) {
    var layer = entry.layer;
    if (entry.cluster && entry.cluster.hasLayer(layer)) {
      entry.cluster.zoomToShowLayer(layer, function () { layer.openPopup(); });
      return;
    }
    if (layer.getBounds) {
      var bounds = layer.getBounds();
      map.fitBounds(bounds, { maxZoom: 6, padding: [30, 30] });
      if (layer.openPopup) { layer.openPopup(bounds.getCenter()); }
    } else if (layer.getLatLng) {
      map.setView(layer.getLatLng(), Math.max(map.getZoom(), 6));
      layer.openPopup();
    }
  }

  /* A small map (an embed, a phone, a narrow column) starts with the legend folded
     and the title panel's lists closed; a page-sized one shows them. */
  var SMALL_WIDTH = 520;
  var ROOMY = { width: 1000, height: 700 };

  function compact(map) {
    var size = map.getSize();
    var embedded = !!(map.getContainer().closest && map.getContainer().closest(".conflictmap-embed"));
    return embedded || size.x < ROOMY.width || size.y < ROOMY.height;
  }

  function foldPanels(map, panels) {
    var small = map.getSize().x < SMALL_WIDTH;
    map.getContainer().classList.toggle("cm-small", small);
    if (small && map.zoomControl) {
      map.zoomControl.setPosition("topright");  // the title panel takes the top-left corner
    }
    panels.forEach(function (panel) {
      Array.prototype.forEach.call(panel.querySelectorAll("details"), function (details) {
        var legend = details.classList.contains("cm-legend-body");
        // a compact map also folds a long list of the title panel (the events)
        var long = !legend && compact(map) && details.offsetHeight > map.getSize().y / 4;
        if (legend ? compact(map) : (small || long)) {
          details.open = false;
        }
      });
    });
  }

  /* Keep the left column's panels apart: when the title (top) and the legend (bottom)
     would meet, they share the height between them and scroll; the attribution wraps
     rather than run over the scale bar. */
  function layoutPanels(map, title, legend) {
    var container = map.getContainer();
    if (title && legend) {
      title.style.maxHeight = "";
      legend.style.maxHeight = "";
      var t = title.getBoundingClientRect();
      var l = legend.getBoundingClientRect();
      var column = l.bottom - t.top - 8;
      if (t.height + l.height > column) {
        // each keeps what it needs up to half the column, and what the other leaves
        var half = column / 2;
        var titleMax = t.height <= half ? t.height : Math.max(half, column - l.height);
        setMaxHeight(title, Math.max(32, titleMax));
        setMaxHeight(legend, Math.max(32, column - titleMax));
      }
    }
    var attribution = container.querySelector(".leaflet-control-attribution");
    var scale = container.querySelector(".leaflet-control-scale");
    if (attribution && scale) {
      attribution.style.maxWidth = "";
      var a = attribution.getBoundingClientRect();
      var b = scale.getBoundingClientRect();
      if (a.left < b.right + 6 && a.top < b.bottom) {
        var right = container.getBoundingClientRect().right;
        attribution.style.maxWidth = Math.max(80, right - b.right - 12) + "px";
        attribution.style.whiteSpace = "normal";
      }
    }
  }

  /* An open popup under a panel (the title, the legend) is panned clear of them all:
     the shortest move right, down or up that leaves it on the map and off every panel. */
  function clearOfPanels(map, panels, popup) {
    var el = popup.getElement && popup.getElement();
    if (!el) { return; }
    var box = map.getContainer().getBoundingClientRect();
    var r = el.getBoundingClientRect();
    var rects = panels.map(function (panel) { return panel.getBoundingClientRect(); });
    function hits(dx, dy) {
      return rects.some(function (p) {
        return r.left + dx < p.right && p.left < r.right + dx &&
               r.top + dy < p.bottom && p.top < r.bottom + dy;
      });
    }
    if (!hits(0, 0)) { return; }
    var candidates = [];
    rects.forEach(function (p) {
      candidates.push([p.right + 8 - r.left, 0], [0, p.bottom + 8 - r.top], [0, p.top - 8 - r.bottom]);
    });
    var fits = candidates.filter(function (move) {
      var dx = move[0], dy = move[1];
      // no edge may leave the map (or go further out than it already is: a tall popup)
      return r.left + dx >= Math.min(box.left, r.left) && r.right + dx <= Math.max(box.right, r.right) &&
             r.top + dy >= Math.min(box.top, r.top) && r.bottom + dy <= Math.max(box.bottom, r.bottom) &&
             !hits(dx, dy);
    });
    if (!fits.length) { return; }
    fits.sort(function (a, b) { return Math.abs(a[0]) + Math.abs(a[1]) - Math.abs(b[0]) - Math.abs(b[1]); });
    map.panBy([-fits[0][0], -fits[0][1]], { animate: false });
  }

  /* max-height counts the content box: take the panel's padding and border off. */
  function setMaxHeight(el, outer) {
    var extra = el.offsetHeight - parseFloat(window.getComputedStyle(el).height);
    el.style.maxHeight = Math.max(0, outer - extra) + "px";
  }

  /* A small world map in the bottom-right corner with the current view outlined: where
     on Earth this is. Hidden on small maps and when the view is half the world. */
  var SVG_NS = "http://www.w3.org/2000/svg";

  function svgEl(tag, attrs) {
    var el = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs).forEach(function (key) { el.setAttribute(key, String(attrs[key])); });
    return el;
  }

  function locatorFits(map) {
    var size = map.getSize();
    return size.x >= SMALL_WIDTH && size.y >= 360;
  }

  function addLocator(map, spec) {
    if (!spec || !spec.path) { return null; }
    var view = svgEl("rect", { "class": "cm-locator-view", x: 0, y: 0, width: 0, height: 0 });
    var Locator = L.Control.extend({
      onAdd: function () {
        var div = L.DomUtil.create("div", "cm-locator");
        div.setAttribute("aria-hidden", "true");
        var svg = svgEl("svg", { width: spec.width, height: spec.height,
                                 viewBox: "0 0 " + spec.width + " " + spec.height });
        svg.appendChild(svgEl("path", { "class": "cm-locator-land", d: spec.path }));
        svg.appendChild(view);
        div.appendChild(svg);
        L.DomEvent.disableClickPropagation(div);
        return div;
      }
    });
    var control = new Locator({ position: "bottomright" }).addTo(map);
    function x(lon) { return (Math.max(-180, Math.min(180, lon)) + 180) / 360 * spec.width; }
    function y(lat) {
      lat = Math.max(spec.south, Math.min(spec.north, lat));
      return (spec.north - lat) / (spec.north - spec.south) * spec.height;
    }
    function update() {
      var b = map.getBounds();
      var hide = !locatorFits(map) || b.getEast() - b.getWest() > 180;
      control.getContainer().style.display = hide ? "none" : "";
      if (hide) { return; }
      // the view's middle brought back to -180..180 (a view across 180° is past it)
      var middle = ((b.getWest() + b.getEast()) / 2 + 540) % 360 - 180;
      var half = (b.getEast() - b.getWest()) / 2;
      var left = x(middle - half), right = x(middle + half), top = y(b.getNorth()), bottom = y(b.getSouth());
      var w = Math.max(6, right - left), h = Math.max(6, bottom - top);  // a small view stays visible
      view.setAttribute("x", String((left + right - w) / 2));
      view.setAttribute("y", String((top + bottom - h) / 2));
      view.setAttribute("width", String(w));
      view.setAttribute("height", String(h));
    }
    map.on("moveend zoomend resize", update);
    update();
    return control;
  }

  /* Padding that keeps the opening view clear of the title and legend: beside their
     column, or between the panels at the top and those at the bottom, whichever lets
     the view come closer (a wide map keeps the column, a small one goes between). */
  function fitOptions(map, bounds, panels, maxZoom, locator) {
    var size = map.getSize();
    var box = map.getContainer().getBoundingClientRect();
    var left = 0, top = 56, bottom = 28;
    panels.forEach(function (panel) {
      var r = panel.getBoundingClientRect();
      left = Math.max(left, r.right - box.left);
      if (r.top - box.top < size.y / 2) {
        top = Math.max(top, r.bottom - box.top + 12);
      } else {
        bottom = Math.max(bottom, box.bottom - r.top + 12);
      }
    });
    var right = size.x < SMALL_WIDTH ? 60 : 96;
    var corner = locator && locatorFits(map) ? locator.height + 40 : 28;
    var candidates = [
      [[24, Math.min(top, size.y / 2)], [right, Math.max(corner, Math.min(bottom, size.y / 4))]]
    ];
    if (left && size.x > 2.2 * left) {
      candidates.unshift([[left + 18, 56], [right, corner]]);  // preferred on a tie
    }
    var best = null, bestZoom = -1;
    candidates.forEach(function (pair) {
      var padding = L.point(pair[0]).add(pair[1]);
      var zoom = map.getBoundsZoom(bounds, false, padding);
      if (zoom > bestZoom) { best = pair; bestZoom = zoom; }
    });
    return { paddingTopLeft: best[0], paddingBottomRight: best[1], maxZoom: maxZoom, animate: false };
  }

  function draw(map, groups, spec) {
    var container = map.getContainer();
    ensurePane(map, "cm-base", 250);
    ensurePane(map, "cm-areas", 350);
    ensurePane(map, "cm-labels", 390);
    container.classList.add("cm-map");
    if (map.attributionControl) {
      map.attributionControl.setPrefix("Leaflet");
      (spec.attribution || []).forEach(function (a) { map.attributionControl.addAttribution(a); });
    }
    var wrap = wrapper(spec.fit);
    drawBasemap(map, groups[spec.basemap_group] || null, spec.basemap || {}, wrap);
    addLocator(map, spec.locator);

    var clusters = {};
    (spec.cluster || []).forEach(function (key) {
      if (groups[key] && L.markerClusterGroup) {
        clusters[key] = L.markerClusterGroup({
          showCoverageOnHover: false,
          maxClusterRadius: 45,
          spiderfyOnMaxZoom: true
        }).addTo(groups[key]);
      }
    });

    var byId = new Map();
    var ctx = { icons: spec.icons || {}, labels: !!spec.labels, wrap: wrap };
    (spec.items || []).forEach(function (item) {
      var make = DRAW[item.t];
      var group = groups[item.g];
      if (!make || !group) { return; }
      var layer = make(item, ctx);
      var cluster = item.t === "pin" ? clusters[item.g] : undefined;
      layer.addTo(cluster || group);
      if (item.id && !byId.has(item.id)) {
        byId.set(item.id, { layer: layer, cluster: cluster });
      }
    });

    var panels = [];
    var title = spec.title ? control(map, "topleft", "cm-title", spec.title) : null;
    var legend = spec.legend ? control(map, "bottomleft", "cm-legend", spec.legend) : null;
    if (title) { panels.push(title); }
    if (legend) { panels.push(legend); }
    foldPanels(map, panels);
    var layout = function () { layoutPanels(map, title, legend); };
    panels.forEach(function (panel) {
      Array.prototype.forEach.call(panel.querySelectorAll("details"), function (details) {
        details.addEventListener("toggle", layout);
      });
    });
    map.on("resize", layout);
    map.on("popupopen", function (event) {
      // after Leaflet's own auto-pan (if any) has placed the popup
      var done = false;
      var run = function () {
        if (done) { return; }
        done = true;
        map.off("moveend", run);
        clearOfPanels(map, panels, event.popup);
      };
      map.once("moveend", run);
      setTimeout(run, 350);
    });
    panels.forEach(function (panel) {
      Array.prototype.forEach.call(panel.querySelectorAll("[data-cm-goto]"), function (button) {
        L.DomEvent.on(button, "click", function (event) {
          L.DomEvent.preventDefault(event);
          var entry = byId.get(button.getAttribute("data-cm-goto"));
          if (entry) { goTo(map, entry); }
        });
      });
    });

    if (root.conflictmap.events) {
      root.conflictmap.events(map, groups, spec, byId, panels);  // events.js: list, timeline
    }
    layout();
    if (spec.fit) {
      var bounds = L.latLngBounds(spec.fit);
      map.fitBounds(bounds, fitOptions(map, bounds, panels, spec.max_fit_zoom || 8, spec.locator));
    }
    var tidy = function () {
      declutter(map, ctx);
    };
    map.on("zoomend moveend overlayadd", tidy);
    keyboardPopups(map);
    tidy();
    setTimeout(function () {
      tidy();  // again once the page's later controls (the layer control) are on
      container.setAttribute("data-cm-ready", String(byId.size));
    }, 0);
    return byId;
  }

  root.conflictmap = { version: VERSION, draw: draw };
})(window);
