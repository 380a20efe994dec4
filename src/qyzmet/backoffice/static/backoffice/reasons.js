// Progressive enhancement for the reject form: choosing a template puts its full text into
// the reason at once, after anything already typed. Without JavaScript the "Put the template
// into the reason" button does the same on the server.
(function () {
  "use strict";
  var form = document.querySelector(".bo-reject");
  var data = document.getElementById("reason-templates");
  if (!form || !data) { return; }
  var select = form.querySelector("select[name=template]");
  var reason = form.querySelector("textarea[name=reason]");
  var texts = JSON.parse(data.textContent || "{}");
  select.addEventListener("change", function () {
    var text = texts[select.value];
    if (!text || reason.value.indexOf(text) !== -1) { return; }
    var typed = reason.value.replace(/\s+$/, "");
    reason.value = typed ? typed + "\n\n" + text : text;
  });
})();
