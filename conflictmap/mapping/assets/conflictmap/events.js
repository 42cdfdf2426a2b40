/* conflictmap events: the timeline control, the event list (MIT licence, part of
 * conflictmap).
 *
 * When a map holds events on several dates, a control of two range inputs (from,
 * to: keyboard operable, labelled) hides the event markers, the event list entries
 * and the popup entries outside the chosen range. Everything is put into the page
 * with textContent and setAttribute, never parsed as HTML; dates are checked to be
 * ISO dates (YYYY-MM-DD) and compared as strings; nothing is keyed by them.
 *
 * spec.timeline = { dates: [sorted distinct ISO dates],
 *                   markers: [[item id, group key, [ISO date or "" per event]], ...] }
 */
(function (root) {
  "use strict";
  var L = root.L;
  var ISO = /^\d{4}-\d{2}-\d{2}$/;

  function textEl(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    el.textContent = text == null ? "" : String(text);
    return el;
  }

  function slider(labelText, max, value) {
    var label = textEl("label", "cm-tl-row", "");
    label.appendChild(textEl("span", "cm-tl-name", labelText));
    var input = document.createElement("input");
    input.type = "range";
    input.min = "0";
    input.max = String(max);
    input.step = "1";
    input.value = String(value);
    label.appendChild(input);
    var shown = textEl("span", "cm-tl-date", "");
    label.appendChild(shown);
    return { label: label, input: input, shown: shown };
  }

  /* The markers the control filters: their layer, the layer group they are in, dates. */
  function markersOf(spec, groups, byId) {
    var out = [];
    (spec.markers || []).forEach(function (row) {
      var entry = byId.get(String(row[0]));
      var parent = entry && (entry.cluster || (Object.prototype.hasOwnProperty.call(groups, row[1]) ? groups[row[1]] : null));
      if (!entry || !parent) { return; }
      var dates = (row[2] || []).map(function (d) { return ISO.test(String(d)) ? String(d) : ""; });
      out.push({ layer: entry.layer, parent: parent, dates: dates });
    });
    return out;
  }

  function inRange(date, range) {
    if (range.all) { return true; }
    return date !== "" && date >= range.from && date <= range.to;
  }

  /* The count on a marker holding several events (an element of its icon, if any). */
  function setCount(layer, n) {
    var icon = layer.options.icon;
    var box = icon && icon.options && icon.options.html;
    if (!box || !box.querySelector) { return; }
    var count = box.querySelector(".cm-ev-count");
    if (count) { count.textContent = String(n); }
    var badge = box.querySelector(".cm-ev-badge");
    if (badge) { badge.style.display = n > 1 ? "" : "none"; }
  }

  function apply(map, markers, range) {
    var shown = 0, total = 0;
    markers.forEach(function (m) {
      var n = m.dates.filter(function (d) { return inRange(d, range); }).length;
      total += m.dates.length;
      shown += n;
      setCount(m.layer, n);
      var on = m.parent.hasLayer(m.layer);
      if (n > 0 && !on) { m.parent.addLayer(m.layer); }
      if (n === 0 && on) { m.parent.removeLayer(m.layer); }
    });
    var container = map.getContainer();
    // the panel's list of events, and the entries of an open popup
    Array.prototype.forEach.call(container.querySelectorAll("[data-cm-date]"), function (el) {
      el.hidden = !inRange(String(el.getAttribute("data-cm-date") || ""), range);
    });
    return { shown: shown, total: total };
  }

  function timeline(map, groups, spec, byId) {
    var dates = (spec && spec.dates || []).map(String).filter(function (d) { return ISO.test(d); });
    var markers = markersOf(spec || {}, groups, byId);
    if (dates.length < 2 || !markers.length) { return null; }
    var last = dates.length - 1;
    var range = { all: true, from: dates[0], to: dates[last] };
    var from = slider("From", last, 0);
    var to = slider("To", last, last);
    var status = textEl("p", "cm-tl-status", "");
    status.setAttribute("aria-live", "polite");
    var reset = textEl("button", "cm-tl-all", "All dates");
    reset.type = "button";

    function update(moved) {
      var a = Number(from.input.value), b = Number(to.input.value);
      if (a > b) {  // the thumbs never cross: the other one follows
        if (moved === from) { to.input.value = String(a); b = a; } else { from.input.value = String(b); a = b; }
      }
      range = { all: a === 0 && b === last, from: dates[a], to: dates[b] };
      [[from, a], [to, b]].forEach(function (pair) {
        pair[0].shown.textContent = dates[pair[1]];
        pair[0].input.setAttribute("aria-valuetext", dates[pair[1]]);
      });
      var counts = apply(map, markers, range);
      status.textContent = counts.shown + " of " + counts.total + " events shown" +
        (range.all ? " (all dates, undated too)" : "");
      reset.disabled = range.all;
    }

    var Control = L.Control.extend({
      onAdd: function () {
        var div = L.DomUtil.create("div", "cm-panel cm-timeline");
        div.setAttribute("role", "group");
        div.setAttribute("aria-label", "Filter events by date");
        div.appendChild(textEl("p", "cm-tl-head", "Events by date"));
        div.appendChild(from.label);
        div.appendChild(to.label);
        div.appendChild(status);
        div.appendChild(reset);
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        L.DomEvent.on(div, "keydown", L.DomEvent.stopPropagation);
        return div;
      }
    });
    var control = new Control({ position: "bottomright" }).addTo(map);
    from.input.addEventListener("input", function () { update(from); });
    to.input.addEventListener("input", function () { update(to); });
    reset.addEventListener("click", function () {
      from.input.value = "0";
      to.input.value = String(last);
      update(null);
    });
    map.on("popupopen", function () { apply(map, [], range); });
    update(null);
    return control.getContainer();
  }

  /* The title panel's list: an entry opens its marker's popup (map.js flies there, as
     for every data-cm-goto button); in a popup holding several events, the entry's
     own event is marked and scrolled into view. */
  function listEntries(map, panels) {
    var wanted = null;
    panels.forEach(function (panel) {
      Array.prototype.forEach.call(panel.querySelectorAll("button[data-cm-event]"), function (button) {
        button.addEventListener("click", function () {
          wanted = String(button.getAttribute("data-cm-event") || "");
          setTimeout(function () { mark(map, wanted); wanted = null; }, 0);
        });
      });
    });
    map.on("popupopen", function () { if (wanted !== null) { mark(map, wanted); } });
  }

  function mark(map, key) {
    var popup = map.getContainer().querySelector(".leaflet-popup-content");
    if (!popup) { return; }
    Array.prototype.forEach.call(popup.querySelectorAll("[data-cm-event]"), function (el) {
      var hit = el.getAttribute("data-cm-event") === key;
      el.classList.toggle("cm-ev-current", hit);
      if (hit && el.scrollIntoView) { el.scrollIntoView({ block: "nearest" }); }
    });
  }

  function events(map, groups, spec, byId, panels) {
    listEntries(map, panels || []);
    if (spec.timeline) { timeline(map, groups, spec.timeline, byId); }
  }

  if (root.conflictmap) { root.conflictmap.events = events; }
})(window);
