/* cxkit's speaker view for its reveal.js decks (press "s").
 *
 * reveal.js's own notes plugin shows the current and the next slide by loading the whole deck
 * twice more in two frames: a deck with figures and MathJax is several megabytes, so the speaker
 * view stayed blank for about 15 s. This one writes a small page into the pop-up and shows copies
 * of the deck's own slide elements (already drawn: figures, formulas, diagrams), so the deck is
 * loaded once. It shows the current slide, the next one, the speaker notes (the slide's
 * aside element of class notes), the slide number and the time since the view was opened; the arrow keys,
 * space and Page Up/Down in the pop-up move the deck.
 */
(function () {
  "use strict";

  var CSS = [
    "html, body { margin: 0; height: 100%; background: #1f1f1f !important; color: #f2f2f2 !important;",
    "  font-family: 'Helvetica Neue', Helvetica, Arial, 'DejaVu Sans', sans-serif; }",
    "#cx-speaker { display: grid; height: 100%; box-sizing: border-box; padding: 10px; gap: 10px;",
    "  grid-template-columns: 3fr 2fr; grid-template-rows: auto 1fr 1fr; }",
    "#cx-bar { grid-column: 1 / 3; display: flex; gap: 2em; font-size: 20px; color: #f2f2f2; }",
    "#cx-bar b { color: #fff; }",
    ".cx-pane { position: relative; overflow: hidden; background: #fff; border-radius: 4px; }",
    "#cx-current { grid-row: 2 / 4; }",
    ".cx-pane-label { position: absolute; z-index: 20; right: 6px; bottom: 4px; font-size: 13px;",
    "  color: #444; background: rgba(255,255,255,.85); padding: 0 4px; }",
    ".cx-frame { position: absolute; left: 0; top: 0; width: 1280px; height: 720px; transform-origin: 0 0; }",
    ".cx-frame .reveal { position: relative; width: 1280px; height: 720px; overflow: hidden; }",
    ".cx-frame .reveal .slides { position: absolute; left: 0; top: 0; inset: auto; margin: 0;",
    "  width: 1280px; height: 720px; transform: none; zoom: 1; pointer-events: none; }",
    ".cx-frame .reveal .slides > section { display: block !important; top: 0 !important; left: 0;",
    "  opacity: 1; visibility: visible; transform: none; }",
    "#cx-notes { background: #2b2b2b; color: #f2f2f2; border-radius: 4px; padding: 10px 14px; overflow-y: auto;",
    "  font-size: 22px; line-height: 1.4; }",
    "#cx-notes h4 { margin: 0 0 .3em; font-size: 15px; text-transform: uppercase; color: #bbb; }",
    "#cx-notes * { color: #f2f2f2 !important; font-size: 20px !important; line-height: 1.4 !important;",
    "  background: transparent !important; padding-top: 0; padding-bottom: 0; margin-top: 0; }",
    "#cx-notes h4 { font-size: 15px !important; color: #bbb !important; }",
    "#cx-notes blockquote { margin: 0; padding-left: .6em; border-left: 3px solid #888; }",
    "#cx-notes p, #cx-notes li { margin-bottom: .4em; }",
    "#cx-notes code { color: #ffe9a8 !important; }",
    "#cx-notes a { color: #9cc9ff; }"
  ].join("\n");

  function CxNotes() {
    var deck = null;
    var view = null;
    var opened = 0;
    var clock = null;

    function copyStyles(doc) {
      var parts = [];
      document.querySelectorAll("head style").forEach(function (s) { parts.push(s.outerHTML); });
      return parts.join("\n");
    }

    function frame(doc, slide, allFragments) {
      var copy = slide.cloneNode(true);
      copy.querySelectorAll("aside.notes, script").forEach(function (n) { n.remove(); });
      copy.classList.remove("past", "future", "stack");
      copy.classList.add("present");
      copy.removeAttribute("hidden");
      copy.removeAttribute("aria-hidden");
      copy.style.display = "block";
      if (allFragments) {
        copy.querySelectorAll(".fragment").forEach(function (f) { f.classList.add("visible"); });
      }
      var outer = doc.createElement("div");
      outer.className = "cx-frame";
      outer.innerHTML = '<div class="reveal"><div class="slides"></div></div>';
      outer.querySelector(".slides").appendChild(doc.importNode(copy, true));
      return outer;
    }

    function fit(pane) {
      var f = pane.querySelector(".cx-frame");
      if (!f) return;
      var k = Math.min(pane.clientWidth / 1280, pane.clientHeight / 720);
      f.style.transform = "scale(" + k + ")";
    }

    function place(id, slide, label, allFragments) {
      var doc = view.document;
      var pane = doc.getElementById(id);
      pane.innerHTML = '<span class="cx-pane-label">' + label + "</span>";
      if (slide) pane.appendChild(frame(doc, slide, allFragments));
      fit(pane);
    }

    function nextSlide() {
      var all = deck.getSlides();
      var i = all.indexOf(deck.getCurrentSlide());
      return i >= 0 && i + 1 < all.length ? all[i + 1] : null;
    }

    function update() {
      if (!view || view.closed) return;
      var current = deck.getCurrentSlide();
      var next = nextSlide();
      place("cx-current", current, "now", false);
      place("cx-next", next, next ? "next" : "end of the deck", true);
      var doc = view.document;
      var notes = deck.getSlideNotes(current);
      doc.getElementById("cx-notes-text").innerHTML = notes || "<em>(no notes for this slide)</em>";
      doc.getElementById("cx-number").textContent =
        (deck.getSlidePastCount() + 1) + " / " + deck.getTotalSlides();
    }

    function tick() {
      if (!view || view.closed) { clearInterval(clock); return; }
      var s = Math.floor((Date.now() - opened) / 1000);
      var text = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60]
        .map(function (n) { return String(n).padStart(2, "0"); }).join(":");
      view.document.getElementById("cx-elapsed").textContent = text;
    }

    function open() {
      if (view && !view.closed) { view.focus(); return; }
      view = window.open("", "cxkit-speaker-view", "width=1100,height=700");
      if (!view) return;
      var doc = view.document;
      doc.open();
      doc.write(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Speaker view: ' +
          document.title.replace(/</g, "&lt;") + "</title>" + copyStyles(doc) +
          "<style>" + CSS + "</style></head>" +
          '<body class="' + document.body.className + '" data-jp-theme-light="true">' +
          '<div id="cx-speaker"><div id="cx-bar"><span>Slide <b id="cx-number"></b></span>' +
          '<span>Time <b id="cx-elapsed">00:00:00</b></span>' +
          "<span>\u2190 \u2192 move the deck</span></div>" +
          '<div id="cx-current" class="cx-pane"></div><div id="cx-next" class="cx-pane"></div>' +
          '<div id="cx-notes" class="speaker-notes"><h4>Notes</h4><div id="cx-notes-text"></div></div>' +
          "</div></body></html>"
      );
      doc.close();
      opened = Date.now();
      clock = setInterval(tick, 1000);
      doc.addEventListener("keydown", function (e) {
        var k = e.key;
        if (k === "ArrowRight" || k === "ArrowDown" || k === "PageDown" || k === " ") { deck.next(); }
        else if (k === "ArrowLeft" || k === "ArrowUp" || k === "PageUp") { deck.prev(); }
        else { return; }
        e.preventDefault();
      });
      view.addEventListener("resize", function () {
        fit(doc.getElementById("cx-current"));
        fit(doc.getElementById("cx-next"));
      });
      update();
    }

    return {
      id: "cxnotes",
      init: function (reveal) {
        deck = reveal;
        ["slidechanged", "fragmentshown", "fragmenthidden"].forEach(function (name) {
          deck.on(name, update);
        });
        deck.addKeyBinding({ keyCode: 83, key: "S", description: "Speaker view (notes)" }, open);
      },
      open: open
    };
  }

  window.CxNotes = CxNotes;
})();
