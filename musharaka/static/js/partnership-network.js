/* The partnership network page: draws the JSON of #network-data with Cytoscape.js (canvas renderer, cose
   layout) in #partnership-network, opens an organisation's portfolio on a click, and downloads the drawing as a
   PNG. Colours come from the CSS custom properties of the legend (css/partnership-network.css). */
(function () {
  "use strict";
  var container = document.getElementById("partnership-network");
  var source = document.getElementById("network-data");
  if (!container || !source || typeof window.cytoscape !== "function") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var css = window.getComputedStyle(document.documentElement);
  var fontFamily = window.getComputedStyle(document.body).fontFamily;

  function colour(sector) {
    return css.getPropertyValue("--network-" + sector).trim() || "#6c757d";
  }

  function elements() {
    var most = 1;
    data.nodes.forEach(function (node) { most = Math.max(most, node.agreements); });
    var items = data.nodes.map(function (node) {
      return {
        group: "nodes",
        data: {
          id: "o" + node.id, org: node.id, label: node.name, colour: colour(node.sector),
          // Area grows with the number of agreements: 14 px for one, 64 px for the most connected.
          size: 14 + 50 * Math.sqrt(node.agreements / most),
          title: node.name + " — " + (data.sectors[node.sector] || node.sector) + (node.region ? " — " + node.region : "")
        }
      };
    });
    data.links.forEach(function (link, index) {
      items.push({
        group: "edges",
        data: { id: "l" + index, source: "o" + link[0], target: "o" + link[1], width: 1 + Math.log(link[2]) * 1.5 }
      });
    });
    return items;
  }

  function draw() {
    var cy = window.cytoscape({
      container: container,
      elements: elements(),
      minZoom: 0.1,
      maxZoom: 4,
      style: [
        { selector: "node", style: {
          "background-color": "data(colour)", width: "data(size)", height: "data(size)",
          label: "data(label)", "font-family": fontFamily, "font-size": 11, color: "#212529",
          "text-valign": "bottom", "text-halign": "center", "text-margin-y": 3,
          "text-wrap": "ellipsis", "text-max-width": "140px",
          "text-background-color": "#ffffff", "text-background-opacity": 0.75, "text-background-padding": "1px",
          // Small labels vanish when zoomed out instead of piling up; zoom in to read them.
          "min-zoomed-font-size": 8, "border-width": 1, "border-color": "#ffffff"
        } },
        { selector: "edge", style: {
          width: "data(width)", "line-color": "#adb5bd", opacity: 0.7, "curve-style": "haystack"
        } },
        { selector: "node:selected, node.hover", style: { "border-width": 3, "border-color": "#212529" } }
      ],
      layout: { name: "null" }  // laid out below, once the handlers are in place
    });

    var layout = cy.layout({
      name: "cose", animate: false, randomize: true, nodeDimensionsIncludeLabels: false,
      nodeRepulsion: function () { return 8000; }, idealEdgeLength: function () { return 60; },
      // Each iteration weighs every pair of nodes: fewer of them for a large network keeps it to a second or two.
      numIter: data.nodes.length > 150 ? 400 : 1000
    });
    var started = window.performance.now();
    layout.one("layoutstop", function () {
      cy.fit(undefined, 20);
      container.setAttribute("data-layout-ms", String(Math.round(window.performance.now() - started)));
      container.setAttribute("data-ready", "1");
      document.getElementById("network-download").disabled = false;
    });
    layout.run();

    cy.on("mouseover", "node", function (event) {
      event.target.addClass("hover");
      container.title = event.target.data("title");
    });
    cy.on("mouseout", "node", function (event) {
      event.target.removeClass("hover");
      container.title = "";
    });
    if (data.portfolio) {
      cy.on("tap", "node", function (event) {
        window.location.href = data.portfolio.replace(data.placeholder, String(event.target.data("org")));
      });
    }

    document.getElementById("network-download").addEventListener("click", function () {
      var blob = cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff", maxWidth: 4000, maxHeight: 4000 });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = container.getAttribute("data-filename") || "partnership-network.png";
      document.body.appendChild(link);
      link.click();
      window.setTimeout(function () {
        URL.revokeObjectURL(link.href);
        link.remove();
      }, 1000);
    });
  }

  // After the page has loaded (the layout holds the main thread for a moment), and once the web font is there:
  // canvas text would otherwise be drawn in a fallback font.
  function start() {
    if (document.fonts && document.fonts.load) {
      document.fonts.load("11px 'Noto Sans Arabic'", "شراكة").then(draw, draw);
    } else {
      draw();
    }
  }
  if (document.readyState === "complete") {
    start();
  } else {
    window.addEventListener("load", start);
  }
})();
