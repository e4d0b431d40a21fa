// Repair report at the plant: the draft lives in this browser until the server has it, so a
// dropped connection loses nothing; the customer and the engineer sign with a finger on the
// canvas.
(function () {
  "use strict";

  // Every form of the page marked data-report-draft keeps its own draft: the report itself
  // and the parts used on it (added by the spare-parts app).
  var status = document.querySelector("[data-draft-status]");
  var say = function (attr) { if (status) status.textContent = status.dataset[attr] || ""; };

  Array.prototype.forEach.call(document.querySelectorAll("form[data-report-draft]"), function (form) {
    var key = "serviceloop-report-" + form.dataset.reportDraft;

    // The server confirms a save by rendering data-saved: the draft is then obsolete.
    if (form.dataset.saved === "1") localStorage.removeItem(key);

    var kept = localStorage.getItem(key);
    if (kept) {
      var values = JSON.parse(kept);
      Object.keys(values).forEach(function (name) {
        var field = form.elements[name];
        if (field && field.type !== "hidden") field.value = values[name];
      });
      say("restored");
    }

    var keep = function () {
      var values = {};
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name && field.type !== "hidden" && field.type !== "submit") values[field.name] = field.value;
      });
      localStorage.setItem(key, JSON.stringify(values));
    };
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);

    form.addEventListener("submit", function (event) {
      keep();
      if (!navigator.onLine) {
        event.preventDefault();
        form.dataset.pending = "1";
        say("offline");
      }
    });
    window.addEventListener("online", function () {
      if (form.dataset.pending === "1") {
        delete form.dataset.pending;
        say("sending");
        form.submit();
      }
    });
  });

  // Each pad fills the hidden field it names (data-signature-pad="engineer_signature"; a
  // bare data-signature-pad fills "signature"): the customer's, and on the report the
  // engineer's too. Its clear button names the same field (a bare one serves a lone pad).
  Array.prototype.forEach.call(document.querySelectorAll("canvas[data-signature-pad]"), function (pad) {
    var name = pad.dataset.signaturePad || "signature";
    var signForm = pad.closest("form");
    var context = pad.getContext("2d");
    var drawing = false;
    var drawn = false;
    context.lineWidth = 2.5;
    context.lineCap = "round";
    context.strokeStyle = "#111";
    var at = function (event) {
      var box = pad.getBoundingClientRect();
      return [(event.clientX - box.left) * (pad.width / box.width), (event.clientY - box.top) * (pad.height / box.height)];
    };
    pad.addEventListener("pointerdown", function (event) {
      drawing = true;
      pad.setPointerCapture(event.pointerId);
      var p = at(event);
      context.beginPath();
      context.moveTo(p[0], p[1]);
    });
    pad.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      var p = at(event);
      context.lineTo(p[0], p[1]);
      context.stroke();
      drawn = true;
    });
    ["pointerup", "pointercancel"].forEach(function (type) {
      pad.addEventListener(type, function () { drawing = false; });
    });
    var clear = signForm.querySelector('[data-signature-clear="' + name + '"]') ||
      signForm.querySelector('[data-signature-clear=""]');
    if (clear) clear.addEventListener("click", function () {
      context.clearRect(0, 0, pad.width, pad.height);
      drawn = false;
    });
    signForm.addEventListener("submit", function () {
      signForm.elements[name].value = drawn ? pad.toDataURL("image/png") : "";
    });
  });
})();
