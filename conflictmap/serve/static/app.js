/* conflictmap review app. Every value from the server is put into the page with
   textContent or as a DOM property: never innerHTML, never a string of markup. */
(function () {
  "use strict";
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  var state = { view: null, active: null, dropping: false };
  var map = L.map("map", { zoomControl: true, worldCopyJump: true }).setView([15, 0], 3);
  var pins = L.layerGroup().addTo(map);
  var markers = new Map();  // place id -> marker (a Map: no object keyed by user strings)

  function $(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function status(text) { $("status").textContent = text || ""; }

  function request(method, url, body) {
    var options = { method: method, headers: {}, credentials: "same-origin" };
    if (method !== "GET") {
      options.headers["Content-Type"] = "application/json";
      options.headers["X-CSRF-Token"] = csrf;
      options.body = JSON.stringify(body || {});
    }
    return fetch(url, options).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(data.error || ("error " + response.status));
        return data;
      });
    });
  }
  function failed(error) { status(error.message); }

  fetch("/api/basemap", { credentials: "same-origin" }).then(function (r) { return r.json(); })
    .then(function (geojson) {
      L.geoJSON(geojson, { style: { color: "#999", weight: 0.7, fillColor: "#f4f1ea",
                                    fillOpacity: 1 }, interactive: false }).addTo(map).bringToBack();
    }).catch(failed);

  function show(view) {
    state.view = view;
    if (!view || !view.open) { $("opener").hidden = false; return; }
    $("article-name").textContent = view.name;
    $("scope-country").textContent = view.focus ? "this country (" + view.focus + ")" : "this country";
    var region = view.region;
    $("scope-region").textContent = region ? "this region (" + region.name + ")" : "this region";
    $("scope-region-choice").hidden = !region;
    var picked = document.querySelector('input[name="scope"]:checked');
    if (!region && picked && picked.value === "region") {
      document.querySelector('input[name="scope"][value="article"]').checked = true;
    }
    drawText(view);
    drawPins(view);
  }

  function drawText(view) {
    var box = $("text");
    box.textContent = "";
    var at = 0;
    view.mentions.forEach(function (m) {
      if (m.start < at) return;
      box.appendChild(document.createTextNode(view.text.slice(at, m.start)));
      var span = el("span", view.text.slice(m.start, m.end),
                    "mention" + (m.place ? "" : " unresolved"));
      span.dataset.index = String(m.index);
      span.dataset.place = m.place || "";
      span.title = m.place ? m.place : "not resolved";
      span.addEventListener("click", function () { openPanel(m.index); });
      box.appendChild(span);
      at = m.end;
    });
    box.appendChild(document.createTextNode(view.text.slice(at)));
  }

  function drawPins(view) {
    pins.clearLayers();
    markers.clear();
    var bounds = [];
    view.pins.forEach(function (pin) {
      var marker = L.circleMarker([pin.lat, pin.lon], { radius: 7, color: "#a11",
                                                        fillColor: "#e33", fillOpacity: 0.85 });
      var label = el("span", pin.name);
      marker.bindTooltip(label);
      marker.on("click", function () { openPanel(pin.mentions[0]); });
      marker.addTo(pins);
      marker.getElement && marker.getElement() && marker.getElement().setAttribute("data-place", pin.id);
      markers.set(pin.id, marker);
      bounds.push([pin.lat, pin.lon]);
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [40, 40], maxZoom: 8 });
  }

  function scope() {
    var checked = document.querySelector('input[name="scope"]:checked');
    return checked ? checked.value : "article";
  }

  function openPanel(index) {
    state.active = index;
    Array.prototype.forEach.call(document.querySelectorAll(".mention"), function (s) {
      s.classList.toggle("active", s.dataset.index === String(index));
    });
    request("GET", "/api/candidates/" + index).then(function (data) {
      $("panel").hidden = false;
      $("panel-title").textContent = data.mention.text;
      $("search").value = data.mention.text;
      $("search-results").textContent = "";
      var list = $("candidates");
      list.textContent = "";
      data.candidates.forEach(function (c) { list.appendChild(candidateRow(c, index)); });
      var marker = data.mention.place && markers.get(data.mention.place);
      if (marker) marker.openTooltip();
    }).catch(failed);
  }

  function candidateRow(c, index) {
    var row = el("li", null, "candidate" + (c.chosen ? " chosen" : ""));
    row.dataset.place = c.id;
    row.appendChild(el("span", c.name + (c.chosen ? " (chosen)" : "")));
    var facts = [c.kind, c.region, c.country_name || c.country,
                 c.population ? "population " + c.population.toLocaleString("en") : null,
                 c.nearest ? c.nearest.km + " km from " + c.nearest.name : null, c.id];
    row.appendChild(el("span", facts.filter(Boolean).join(" · "), "facts"));
    (c.evidence || []).forEach(function (e) { row.appendChild(el("span", e, "evidence")); });
    if (!c.chosen) {
      var button = el("button", "Choose", "choose");
      button.type = "button";
      button.addEventListener("click", function () { choose(index, c.id); });
      row.appendChild(button);
    }
    var also = el("button", "Add as a name of it", "alias");
    also.type = "button";
    also.title = "The name becomes one more name of this place (an alias), in the chosen scope";
    also.addEventListener("click", function () { alias(index, c.id); });
    row.appendChild(also);
    return row;
  }

  function applied(data) {
    status(data.message);
    show(data.view);
    if (state.active !== null && state.view.mentions[state.active]) openPanel(state.active);
    if (!$("history").hidden) loadHistory();
  }
  function alias(index, place) {
    request("POST", "/api/alias", { mention: index, place: place, scope: scope() })
      .then(applied).catch(failed);
  }
  function choose(index, place) {
    request("POST", "/api/choose", { mention: index, place: place, scope: scope() })
      .then(applied).catch(failed);
  }

  $("not-a-place").addEventListener("click", function () {
    if (state.active === null) return;
    request("POST", "/api/reject", { mention: state.active, scope: scope() }).then(function (data) {
      $("panel").hidden = true;
      state.active = null;
      applied(data);
    }).catch(failed);
  });
  $("drop-pin").addEventListener("click", function () {
    state.dropping = true;
    status("Click the map where the place is");
  });
  map.on("click", function (event) {
    if (!state.dropping || state.active === null) return;
    state.dropping = false;
    request("POST", "/api/add", { mention: state.active, lat: event.latlng.lat,
                                   lon: L.Util.wrapNum(event.latlng.lng, [-180, 180], true),
                                   scope: scope() }).then(applied).catch(failed);
  });
  $("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var index = state.active;
    request("GET", "/api/search?q=" + encodeURIComponent($("search").value)).then(function (hits) {
      var list = $("search-results");
      list.textContent = "";
      hits.forEach(function (h) { list.appendChild(candidateRow(h, index)); });
    }).catch(failed);
  });
  $("panel-close").addEventListener("click", function () { $("panel").hidden = true; });

  $("undo").addEventListener("click", function () {
    request("POST", "/api/undo", {}).then(applied).catch(failed);
  });
  function loadHistory() {
    request("GET", "/api/history").then(function (rows) {
      var list = $("history-rows");
      list.textContent = "";
      rows.forEach(function (r) {
        var item = el("li", "#" + r.id + " " + r.summary + " [" + r.scope + "]",
                      r.status === "undone" ? "undone" : "");
        list.appendChild(item);
      });
    }).catch(failed);
  }
  $("history-toggle").addEventListener("click", function () {
    $("history").hidden = !$("history").hidden;
    if (!$("history").hidden) loadHistory();
  });

  $("open-toggle").addEventListener("click", function () { $("opener").hidden = !$("opener").hidden; });
  function openText(text, name) {
    status("Reading…");
    request("POST", "/api/open", { text: text, name: name }).then(function (view) {
      $("opener").hidden = true;
      $("panel").hidden = true;
      state.active = null;
      status("");
      show(view);
    }).catch(failed);
  }
  $("open-paste").addEventListener("click", function () { openText($("paste").value, "pasted"); });
  $("file").addEventListener("change", function () {
    var file = $("file").files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () { openText(String(reader.result), file.name); };
    reader.readAsText(file);
  });

  function pngLink() {
    var query = new URLSearchParams({ width: $("png-width").value, scale: $("png-scale").value });
    $("export-png").setAttribute("href", "/export/png?" + query.toString());
  }
  $("png-width").addEventListener("change", pngLink);
  $("png-scale").addEventListener("change", pngLink);
  pngLink();

  request("GET", "/api/article").then(show).catch(failed);
  window.conflictmapReview = { state: state, markers: markers, map: map };
})();
