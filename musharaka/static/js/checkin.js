// The check-in page's camera: where the browser has BarcodeDetector, read the ticket's QR and submit its code.
// Elsewhere the page works by typing the code; nothing is loaded from outside.
(function () {
  "use strict";
  var button = document.getElementById("checkin-scan");
  var video = document.getElementById("checkin-video");
  var form = document.getElementById("checkin-form");
  var input = document.getElementById("checkin-code");
  if (!button || !form) return;
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) {
    document.getElementById("checkin-no-camera").classList.remove("d-none");
    return;
  }
  button.classList.remove("d-none");
  var stream = null;
  function stop() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.classList.add("d-none");
  }
  button.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (media) {
      stream = media;
      video.srcObject = media;
      video.classList.remove("d-none");
      return video.play();
    }).then(function () {
      function look() {
        if (!stream) return;
        detector.detect(video).then(function (codes) {
          if (codes.length) {
            input.value = codes[0].rawValue;
            stop();
            form.submit();
          } else {
            window.setTimeout(look, 250);
          }
        }, function () { window.setTimeout(look, 500); });
      }
      look();
    }, function () {
      stop();
      document.getElementById("checkin-no-camera").classList.remove("d-none");
    });
  });
})();
