// Signing in with an EDS through NCALayer, the national CA's program on the person's computer:
// asks it (its local WebSocket, kz.gov.pki.knca.commonUtils.signXml) to sign the page's text,
// then posts the signed XML through the page's own form. Without JavaScript, or without
// NCALayer, the form takes a signed text pasted by hand.
(function () {
  "use strict";
  var section = document.getElementById("ncalayer");
  var form = document.getElementById("signature-form");
  var field = document.getElementById("signed");
  var text = document.getElementById("signature-document");
  if (!section || !form || !field || !text || !("WebSocket" in window)) {
    return;
  }
  var button = document.getElementById("ncalayer-sign");
  var status = document.getElementById("ncalayer-status");
  section.hidden = false;

  function say(message) {
    status.textContent = message;
  }

  function fail(message) {
    say(message);
    button.disabled = false;
  }

  button.addEventListener("click", function () {
    var socket;
    var answered = false;
    button.disabled = true;
    say(section.dataset.connecting);
    try {
      socket = new WebSocket(section.dataset.url);
    } catch (error) {
      fail(section.dataset.unreachable);
      return;
    }
    socket.onopen = function () {
      say(section.dataset.waiting);
      socket.send(JSON.stringify({
        module: "kz.gov.pki.knca.commonUtils",
        method: "signXml",
        args: ["PKCS12", "AUTHENTICATION", text.value, "", ""]
      }));
    };
    socket.onmessage = function (event) {
      var answer;
      try {
        answer = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      if (!answer || answer.code === undefined) {
        return; // NCALayer greets with its version first
      }
      answered = true;
      socket.close();
      if (String(answer.code) === "200" && answer.responseObject) {
        field.value = answer.responseObject;
        say(section.dataset.signed);
        form.submit();
      } else {
        fail(section.dataset.refused);
      }
    };
    socket.onclose = function () {
      if (!answered) {
        fail(section.dataset.unreachable);
      }
    };
  });
}());
