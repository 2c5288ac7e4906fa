// Search as you type: shows up to 8 matching project titles under the search box.
// The page works without it (the form is a plain GET form).
(function () {
  var input = document.getElementById("q");
  var box = document.getElementById("suggestions");
  if (!input || !box) { return; }
  var timer = null;
  var last = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value.trim();
      if (q === last) { return; }
      last = q;
      if (q.length < 3) { box.innerHTML = ""; return; }
      fetch(box.dataset.url + "?q=" + encodeURIComponent(q), {headers: {"X-Requested-With": "fetch"}})
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) { if (input.value.trim() === q) { box.innerHTML = html; } });
    }, 200);
  });
})();
