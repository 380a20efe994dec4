// Signing with an EDS through NCALayer, the national CA's program on the person's computer:
// asks it (its local WebSocket, kz.gov.pki.knca.commonUtils.signXml) to sign a document of the
// page, then posts the signed XML through the page's own form. Without JavaScript, or without
// NCALayer, the form takes a signed document pasted by hand.
//
// One script for every page that signs (signing in, signing an application): each section
// with the class "ncalayer" says, in data attributes, where NCALayer listens (data-url),
// which key it asks for (data-key-type: AUTHENTICATION to sign in, SIGNATURE to sign), the
// element holding the document (data-source: its data-document in base64, else its value),
// the form to post (data-form), its field for the signed XML (data-field), and what to say.
(function () {
  "use strict";
  if (!("WebSocket" in window)) {
    return;
  }

  function documentOf(source) {
    var encoded = source.getAttribute("data-document");
    if (encoded === null) {
      return source.value;
    }
    var binary = window.atob(encoded);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i += 1) {
      bytes[i] = binary.charCodeAt(i);
    }
    return new TextDecoder("utf-8").decode(bytes);
  }

  function wire(section) {
    var data = section.dataset;
    var form = document.getElementById(data.form);
    var field = document.getElementById(data.field);
    var source = document.getElementById(data.source);
    var button = section.querySelector(".ncalayer-sign");
    var status = section.querySelector(".ncalayer-status");
    if (!form || !field || !source || !button || !status) {
      return;
    }
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
      say(data.connecting);
      try {
        socket = new WebSocket(data.url);
      } catch (error) {
        fail(data.unreachable);
        return;
      }
      socket.onopen = function () {
        say(data.waiting);
        socket.send(JSON.stringify({
          module: "kz.gov.pki.knca.commonUtils",
          method: "signXml",
          args: ["PKCS12", data.keyType || "SIGNATURE", documentOf(source), "", ""]
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
          say(data.signed);
          form.submit();
        } else {
          fail(data.refused);
        }
      };
      socket.onclose = function () {
        if (!answered) {
          fail(data.unreachable);
        }
      };
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".ncalayer"), wire);
}());
