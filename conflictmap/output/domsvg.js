/* The map as drawn in the page, written out as one stand-alone SVG (MIT licence, part
 * of conflictmap). Run by conflictmap.output.render after the map is ready and static.
 *
 * What is copied: the map's background; Leaflet's vector layers (each pane's SVG
 * renderer) and every inline SVG (pins, legend symbols, the locator) with the colours
 * their style sheet gives them written onto each shape; boxes that have a background
 * or a border (panels, chips, statement labels, the scale bar) as rectangles; text as
 * <text>, one per laid-out line, with the page's font, size, weight, colour and halo.
 * Box shadows and the pins' drop shadows become SVG filters (a Gaussian blur, an
 * feDropShadow). Panes are taken in their stacking order, then the controls; a box that scrolls or
 * hides its overflow clips what is inside it. Text enters the SVG as text nodes and the
 * whole is written by XMLSerializer, so nothing from an article becomes markup.
 */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var map = document.querySelector(".cm-map");
  if (!map) { return null; }
  var frame = map.getBoundingClientRect();
  var clips = 0;
  var SHAPES = { path: 1, rect: 1, circle: 1, ellipse: 1, line: 1, polyline: 1, polygon: 1, text: 1 };
  var PAINT = ["fill", "fill-opacity", "stroke", "stroke-width", "stroke-opacity",
               "stroke-dasharray", "stroke-linecap", "stroke-linejoin", "opacity"];

  function make(tag, attrs, parent) {
    var el = document.createElementNS(NS, tag);
    Object.keys(attrs).forEach(function (key) { el.setAttribute(key, String(attrs[key])); });
    if (parent) { parent.appendChild(el); }
    return el;
  }
  function num(v) { return Math.round(v * 100) / 100; }
  function shown(el) {
    if (el.checkVisibility) {
      return el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
    }
    return el.getClientRects().length > 0;
  }
  function opaque(colour) {
    return colour && colour !== "transparent" && !/rgba\([^)]*,\s*0\)$/.test(colour);
  }
  function outside(r) {
    return r.right < frame.left || r.left > frame.right || r.bottom < frame.top || r.top > frame.bottom;
  }
  function local(r) {
    return { x: num(r.left - frame.left), y: num(r.top - frame.top), w: num(r.width), h: num(r.height) };
  }

  /* A colour as [rgb(...), alpha] for SVG's flood-color and flood-opacity. */
  function split(colour) {
    var m = /^rgba?\(([^,]+),([^,]+),([^,)]+)(?:,([^)]+))?\)$/.exec(colour.replace(/\s+/g, ""));
    if (!m) { return [colour, 1]; }
    return ["rgb(" + m[1] + "," + m[2] + "," + m[3] + ")", m[4] === undefined ? 1 : Number(m[4])];
  }

  /* The first shadow of a computed box-shadow or drop-shadow(): [colour, dx, dy, blur,
     spread], or null (none, or inset). */
  function shadowOf(value) {
    if (!value || value === "none" || /inset/.test(value)) { return null; }
    var m = /(rgba?\([^)]*\)|#[0-9a-fA-F]+)\s+(-?[\d.]+)px\s+(-?[\d.]+)px(?:\s+([\d.]+)px)?(?:\s+(-?[\d.]+)px)?/.exec(value);
    return m ? [m[1], Number(m[2]), Number(m[3]), Number(m[4] || 0), Number(m[5] || 0)] : null;
  }

  /* A filter in <defs> that blurs (a box's shadow) or drops a shadow (a pin's), by key. */
  var filters = {};
  function filterFor(kind, shadow) {
    var key = kind + ":" + shadow.join(" ");
    if (filters[key]) { return filters[key]; }
    var id = "cm-shadow-" + (Object.keys(filters).length + 1);
    var f = make("filter", { id: id, x: "-50%", y: "-50%", width: "200%", height: "200%" }, defs);
    if (kind === "blur") {
      make("feGaussianBlur", { stdDeviation: num(shadow[3] / 2) }, f);
    } else {
      var c = split(shadow[0]);
      make("feDropShadow", { dx: shadow[1], dy: shadow[2], stdDeviation: num(shadow[3] / 2),
                             "flood-color": c[0], "flood-opacity": c[1] }, f);
    }
    filters[key] = "url(#" + id + ")";
    return filters[key];
  }

  /* A box's background and borders, over its shadow. */
  function drawBox(el, parent) {
    var s = getComputedStyle(el);
    var r = el.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0 || outside(r)) { return; }
    var b = local(r);
    var radius = parseFloat(s.borderTopLeftRadius) || 0;
    var shadow = shadowOf(s.boxShadow);
    if (shadow) {
      var c = split(shadow[0]), grow = shadow[4];
      make("rect", { x: num(b.x + shadow[1] - grow), y: num(b.y + shadow[2] - grow),
                     width: num(b.w + 2 * grow), height: num(b.h + 2 * grow), rx: radius,
                     fill: c[0], "fill-opacity": c[1], filter: filterFor("blur", shadow) }, parent);
    }
    if (opaque(s.backgroundColor)) {
      make("rect", { x: b.x, y: b.y, width: b.w, height: b.h, rx: radius, fill: s.backgroundColor }, parent);
    }
    var width0 = parseFloat(s.borderTopWidth) || 0;
    var uniform = width0 > 0 && s.borderTopStyle !== "none" && opaque(s.borderTopColor) &&
      ["Right", "Bottom", "Left"].every(function (side) {
        return s["border" + side + "Width"] === s.borderTopWidth &&
               s["border" + side + "Color"] === s.borderTopColor && s["border" + side + "Style"] !== "none";
      });
    if (uniform) {  // one rounded outline
      make("rect", { x: num(b.x + width0 / 2), y: num(b.y + width0 / 2), width: num(b.w - width0),
                     height: num(b.h - width0), rx: radius, fill: "none", stroke: s.borderTopColor,
                     "stroke-width": width0 }, parent);
      return;
    }
    var sides = [["Top", b.x, b.y, b.w, 0], ["Bottom", b.x, b.y + b.h, b.w, 0],
                 ["Left", b.x, b.y, 0, b.h], ["Right", b.x + b.w, b.y, 0, b.h]];
    sides.forEach(function (side) {
      var width = parseFloat(s["border" + side[0] + "Width"]) || 0;
      var colour = s["border" + side[0] + "Color"];
      if (!width || !opaque(colour) || s["border" + side[0] + "Style"] === "none") { return; }
      var x = side[1], y = side[2], w = side[3] || width, h = side[4] || width;
      if (side[0] === "Bottom") { y -= width; }
      if (side[0] === "Right") { x -= width; }
      make("rect", { x: num(x), y: num(y), width: num(w), height: num(h), fill: colour }, parent);
    });
  }

  /* An inline SVG, placed where it is laid out, its style sheet colours inlined. */
  function copySvg(svg, parent) {
    drawBox(svg, parent);
    var r = svg.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0 || outside(r)) { return; }
    var copy = svg.cloneNode(true);
    var box = local(r);
    var view = svg.getAttribute("viewBox") ||
      ("0 0 " + (parseFloat(svg.getAttribute("width")) || r.width) + " " +
       (parseFloat(svg.getAttribute("height")) || r.height));
    ["style", "class", "width", "height", "x", "y"].forEach(function (a) { copy.removeAttribute(a); });
    copy.setAttribute("x", box.x);
    copy.setAttribute("y", box.y);
    copy.setAttribute("width", box.w);
    copy.setAttribute("height", box.h);
    copy.setAttribute("viewBox", view);
    copy.setAttribute("overflow", "visible");
    var from = svg.querySelectorAll("*"), to = copy.querySelectorAll("*");
    for (var i = 0; i < from.length; i++) {
      var target = to[i];
      var tag = target.localName;
      if (tag === "script" || tag === "foreignObject" || tag === "image" || tag === "use") {
        target.parentNode && target.parentNode.removeChild(target);
        continue;
      }
      Array.prototype.slice.call(target.attributes).forEach(function (a) {
        if (/^on/i.test(a.name) || /href$/i.test(a.name) || a.name === "style" || a.name === "class") {
          target.removeAttribute(a.name);
        }
      });
      if (SHAPES[tag]) {
        var s = getComputedStyle(from[i]);
        PAINT.forEach(function (p) {
          var v = s.getPropertyValue(p);
          if (v && v !== "normal") { target.setAttribute(p, v); }
        });
        if (!shown(from[i])) { target.setAttribute("display", "none"); }
      }
    }
    var drop = /drop-shadow/.test(getComputedStyle(svg).filter) ? shadowOf(getComputedStyle(svg).filter) : null;
    if (drop) {  // a pin's shadow
      make("g", { filter: filterFor("drop", drop) }, parent).appendChild(copy);
    } else {
      parent.appendChild(copy);
    }
  }

  /* A text node, one <text> per line it is laid out on. */
  function drawText(node, parent) {
    var el = node.parentElement;
    var text = node.textContent;
    if (!el || !/\S/.test(text)) { return; }
    var s = getComputedStyle(el);
    var words = [], re = /\S+/g, m;
    var range = document.createRange();
    while ((m = re.exec(text)) !== null) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      var r = range.getBoundingClientRect();
      if (r.width > 0 && !outside(r)) { words.push({ text: m[0], r: r }); }
    }
    var lines = [];
    words.forEach(function (w) {
      var line = lines[lines.length - 1];
      if (line && Math.abs(line.top - w.r.top) < 2 && w.r.left >= line.right - 1) {
        line.words.push(w.text);
        line.right = w.r.right;
      } else {
        lines.push({ top: w.r.top, bottom: w.r.bottom, left: w.r.left, right: w.r.right, words: [w.text] });
      }
    });
    var upper = s.textTransform === "uppercase";
    var halo = /^(rgba?\([^)]*\))/.exec(s.textShadow || "");
    lines.forEach(function (line) {
      var value = line.words.join(" ");
      var attrs = {
        x: num(line.left - frame.left),
        y: num(line.top - frame.top + 0.8 * (line.bottom - line.top)),
        "font-size": s.fontSize,
        "font-weight": s.fontWeight,
        fill: s.color
      };
      if (s.fontStyle !== "normal") { attrs["font-style"] = s.fontStyle; }
      if (s.letterSpacing !== "normal") { attrs["letter-spacing"] = s.letterSpacing; }
      if (halo && s.textShadow !== "none") {
        attrs.stroke = halo[1];
        attrs["stroke-width"] = 3;
        attrs["stroke-linejoin"] = "round";
        attrs["paint-order"] = "stroke";
      }
      make("text", attrs, parent).textContent = upper ? value.toUpperCase() : value;
    });
  }

  /* The disclosure triangle of a <summary> (a ::marker, not in the DOM). */
  function drawMarker(el, s, parent) {
    var r = el.getBoundingClientRect();
    var size = parseFloat(s.fontSize) || 12;
    var open = el.parentElement && el.parentElement.open;
    make("text", {
      x: num(r.left - frame.left + parseFloat(s.paddingLeft || 0)),
      y: num(r.top - frame.top + 0.8 * Math.min(r.height, 1.3 * size)),
      "font-size": num(0.75 * size) + "px",
      fill: s.color
    }, parent).textContent = open ? "\u25bc" : "\u25b6";
  }

  function walk(el, parent, defs) {
    if (!shown(el)) { return; }
    if (el instanceof SVGSVGElement) { copySvg(el, parent); return; }
    if (!(el instanceof HTMLElement) || el.localName === "img" || el.localName === "script") { return; }
    drawBox(el, parent);
    var s = getComputedStyle(el);
    if (el.localName === "summary" && s.display === "list-item") { drawMarker(el, s, parent); }
    var inner = parent;
    if (s.overflowX !== "visible" || s.overflowY !== "visible") {
      var b = local(el.getBoundingClientRect());
      var id = "cm-clip-" + (++clips);
      var clip = make("clipPath", { id: id }, defs);
      make("rect", { x: b.x, y: b.y, width: b.w, height: b.h }, clip);
      inner = make("g", { "clip-path": "url(#" + id + ")" }, parent);
    }
    Array.prototype.forEach.call(el.childNodes, function (child) {
      if (child.nodeType === 3) { drawText(child, inner); }
      else if (child.nodeType === 1) { walk(child, inner, defs); }
    });
  }

  var root = make("svg", {
    xmlns: NS,
    width: num(frame.width),
    height: num(frame.height),
    viewBox: "0 0 " + num(frame.width) + " " + num(frame.height),
    "font-family": getComputedStyle(map).fontFamily
  });
  var defs = make("defs", {}, root);
  make("rect", { x: 0, y: 0, width: num(frame.width), height: num(frame.height),
                 fill: getComputedStyle(map).backgroundColor }, root);
  var panes = Array.prototype.filter.call(map.querySelectorAll(".leaflet-pane"), function (pane) {
    return pane.parentElement && pane.parentElement.classList.contains("leaflet-map-pane");
  });
  panes.sort(function (a, b) {
    return (parseInt(getComputedStyle(a).zIndex, 10) || 0) - (parseInt(getComputedStyle(b).zIndex, 10) || 0);
  });
  panes.forEach(function (pane) { walk(pane, root, defs); });
  var controls = map.querySelector(".leaflet-control-container");
  if (controls) { walk(controls, root, defs); }
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(root);
})()
