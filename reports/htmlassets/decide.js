// provcheck HTML report: review decisions. The page works without this
// script; with it, a reviewer marks files and exports the marks. Nothing
// leaves the page except the files the reviewer saves.
(function () {
  "use strict";
  var cards = document.querySelectorAll("fieldset.decide");
  var bar = document.getElementById("decide-bar");
  if (!bar || cards.length === 0) { return; }
  bar.hidden = false;
  var initials = document.getElementById("decide-initials");
  var status = document.getElementById("decide-status");

  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  // decisions gathers every card with a mark, in the report's order.
  function decisions() {
    var out = [];
    cards.forEach(function (fs) {
      var picked = fs.querySelector("input[type=radio]:checked");
      if (!picked || picked.value === "") { return; }
      var note = fs.querySelector("input.decide-note").value.trim();
      var d = { sha256: fs.dataset.sha256, decision: picked.value, date: fs.dataset.date || today() };
      if (note) { d.note = note; }
      var who = fs.dataset.reviewer || initials.value.trim();
      if (fs.dataset.changed === "1") { who = initials.value.trim(); d.date = today(); }
      if (who) { d.reviewer = who; }
      if (fs.dataset.path) { d.path = fs.dataset.path; }
      out.push(d);
    });
    return out;
  }

  function save(name, type, text) {
    var a = document.createElement("a");
    a.href = "data:" + type + ";charset=utf-8," + encodeURIComponent(text);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  // yaml renders the .provcheckignore.yaml entries for the files marked
  // authentic ("reviewed, set aside"); strings are JSON-quoted, which YAML
  // reads as double-quoted scalars.
  function yaml(ds) {
    var lines = ["# Written from provcheck review decisions: files found authentic, set aside by content.", "ignore:"];
    var n = 0;
    ds.forEach(function (d) {
      if (d.decision !== "authentic") { return; }
      var reason = "reviewed on " + d.date + ": authentic" + (d.note ? " (" + d.note + ")" : "");
      lines.push("  - sha256: " + d.sha256);
      lines.push("    reason: " + JSON.stringify(reason));
      if (d.reviewer) { lines.push("    reviewer: " + JSON.stringify(d.reviewer)); }
      n++;
    });
    if (n === 0) { lines[1] = "ignore: []"; }
    return lines.join("\n") + "\n";
  }

  function update() {
    var n = decisions().length;
    status.textContent = n + (n === 1 ? " file marked" : " files marked") + ". Export before closing this page: marks are not stored anywhere else.";
  }

  cards.forEach(function (fs) {
    fs.disabled = false;
    fs.addEventListener("change", function () { fs.dataset.changed = "1"; update(); });
  });
  document.getElementById("decide-json").addEventListener("click", function () {
    save("provcheck-decisions.json", "application/json", JSON.stringify(window.provcheckDecisions(), null, 2) + "\n");
  });
  document.getElementById("decide-ignore").addEventListener("click", function () {
    save(".provcheckignore.yaml", "application/yaml", yaml(decisions()));
  });
  update();
  // The same records the export writes, for tests and for a reviewer's
  // own console.
  window.provcheckDecisions = function () {
    return { format: "provcheck-decisions", version: 1, decisions: decisions() };
  };
  window.provcheckIgnoreYAML = function () { return yaml(decisions()); };
})();
