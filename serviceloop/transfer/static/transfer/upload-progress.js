// Upload progress of an import file: a form marked data-upload-progress and sent by htmx
// (hx-post, hx-encoding="multipart/form-data") fills its <progress> while the file goes up,
// then shows the form's data-checking-text while the server checks the rows. Without
// JavaScript the form is an ordinary POST and this file does nothing.
(function () {
  "use strict";

  function parts(form) {
    var area = form.querySelector("[data-upload-progress-area]");
    if (!area) return null;
    return { area: area, bar: area.querySelector("progress"), text: area.querySelector("[data-upload-progress-text]") };
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.target.closest("form[data-upload-progress]");
    var ui = form && parts(form);
    if (!ui) return;
    form.dataset.uploadPhase = "upload";
    ui.area.hidden = false;
    ui.bar.max = 100;
    ui.bar.value = 0;
    ui.text.textContent = "0 %";
  });

  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target.closest("form[data-upload-progress]");
    var ui = form && parts(form);
    // htmx reports the response's download too: only the upload phase counts here.
    if (!ui || form.dataset.uploadPhase !== "upload" || !event.detail.lengthComputable) return;
    var percent = Math.floor((100 * event.detail.loaded) / event.detail.total);
    ui.bar.value = percent;
    ui.text.textContent = percent + " %";
    if (event.detail.loaded >= event.detail.total) {
      form.dataset.uploadPhase = "checking";
      ui.bar.removeAttribute("value"); // indeterminate while the server reads the rows
      ui.text.textContent = form.dataset.checkingText || "";
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest("form[data-upload-progress]");
    var ui = form && parts(form);
    if (!ui) return;
    delete form.dataset.uploadPhase;
    ui.area.hidden = true;
  });
})();
