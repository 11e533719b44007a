/* The public report form: "use my location" (the browser's geolocation), the questions of the chosen category,
   the anonymous choice where the category allows it, and — only when the page carries a tile server — a Leaflet
   map to pick the point. Data comes from <script type="application/json"> blocks (no inline script: the CSP). */
(function () {
  "use strict";
  var form = document.querySelector("[data-testid=report-form]");
  if (!form) { return; }
  function json(id) {
    var element = document.getElementById(id);
    try { return element ? JSON.parse(element.textContent) : null; } catch (error) { return null; }
  }
  var categories = json("report-categories") || [];
  var texts = json("report-texts") || {};
  var category = form.querySelector("[data-report-category]");
  var latitude = form.querySelector("#id_latitude");
  var longitude = form.querySelector("#id_longitude");

  function changed(input) { input.dispatchEvent(new Event("change", { bubbles: true })); }

  function setPoint(lat, lng) {
    latitude.value = lat.toFixed(6);
    longitude.value = lng.toFixed(6);
    changed(latitude);
    changed(longitude);
  }

  // The chosen category's questions only; the anonymous box where the category allows it.
  function showCategory() {
    var chosen = category ? category.value : "";
    form.querySelectorAll("[data-attributes-for]").forEach(function (fieldset) {
      var mine = fieldset.getAttribute("data-attributes-for") === chosen;
      fieldset.hidden = !mine;
      fieldset.disabled = !mine;
    });
    var info = categories.filter(function (item) { return String(item.id) === chosen; })[0];
    var allows = !info || info.anonymous;
    var box = form.querySelector("[data-report-anonymous]");
    var note = form.querySelector("[data-report-named-only]");
    if (box) {
      box.hidden = !allows;
      if (!allows) { box.querySelector("input").checked = false; }
    }
    if (note) { note.hidden = allows; }
  }
  if (category) {
    category.addEventListener("change", showCategory);
    showCategory();
  }

  // Geolocation: only in a secure context (https or localhost), as browsers require.
  var locate = form.querySelector("[data-report-locate]");
  var status = form.querySelector("[data-report-locate-status]");
  if (locate && "geolocation" in navigator) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      status.textContent = texts.locating || "";
      navigator.geolocation.getCurrentPosition(function (position) {
        setPoint(position.coords.latitude, position.coords.longitude);
        status.textContent = texts.located || "";
        if (map) { showMarker(position.coords.latitude, position.coords.longitude, true); }
      }, function () {
        status.textContent = texts.denied || "";
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  } else if (status && locate) {
    status.textContent = texts.unsupported || "";
  }

  // The map, when a tile server is configured (nothing is fetched from outside otherwise).
  var holder = form.querySelector("[data-report-map]");
  var map = null;
  var marker = null;
  function showMarker(lat, lng, centre) {
    if (marker) { marker.setLatLng([lat, lng]); } else { marker = window.L.circleMarker([lat, lng], { radius: 9 }).addTo(map); }
    if (centre) { map.setView([lat, lng], Math.max(map.getZoom(), 16)); }
  }
  if (holder && window.L && holder.getAttribute("data-tiles")) {
    var startLat = parseFloat(latitude.value) || 24.7136;
    var startLng = parseFloat(longitude.value) || 46.6753;
    map = window.L.map(holder).setView([startLat, startLng], latitude.value ? 16 : 11);
    window.L.tileLayer(holder.getAttribute("data-tiles"), {
      maxZoom: 19, attribution: holder.getAttribute("data-attribution") || ""
    }).addTo(map);
    if (latitude.value && longitude.value) { showMarker(startLat, startLng, false); }
    map.on("click", function (event) {
      setPoint(event.latlng.lat, event.latlng.lng);
      showMarker(event.latlng.lat, event.latlng.lng, false);
    });
  }
})();
