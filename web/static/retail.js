// The counter's camera scan: only where the browser has a BarcodeDetector (typing works everywhere).
(function () {
  var button = document.getElementById("scan");
  if (!button || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var video = document.getElementById("scan-video");
    var input = document.getElementById("f-q");
    var detector = new window.BarcodeDetector();
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.hidden = false;
      video.srcObject = stream;
      video.play();
      var stop = function () { stream.getTracks().forEach(function (t) { t.stop(); }); video.hidden = true; };
      var look = function () {
        detector.detect(video).then(function (codes) {
          if (codes.length) { stop(); input.value = codes[0].rawValue; input.form.submit(); }
          else { requestAnimationFrame(look); }
        }).catch(function () { requestAnimationFrame(look); });
      };
      look();
    }).catch(function () { button.hidden = true; });
  });
})();
