// Fetches the dashboard's live part again every few seconds and puts it in
// place of the old one, without reloading the page (WCAG 2.2.1); the pause
// button stops and resumes it. Focus stays where it was: a link inside the
// live part keeps it by its address.
(function () {
  var live = document.getElementById('live');
  var status = document.getElementById('live-status');
  var pause = document.getElementById('live-pause');
  if (!live || !window.fetch) { return; }
  var every = (parseInt(live.dataset.every, 10) || 30) * 1000;
  var timer = null;
  pause.hidden = false;
  function refresh() {
    fetch(live.dataset.src, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } }).then(function (r) {
      if (!r.ok || r.redirected) { throw new Error(String(r.status)); }
      return r.text();
    }).then(function (html) {
      var focused = document.activeElement && live.contains(document.activeElement) ? document.activeElement.getAttribute('href') : null;
      live.innerHTML = html;
      if (focused) {
        var again = live.querySelector('a[href="' + focused.replace(/"/g, '\\"') + '"]');
        if (again) { again.focus(); }
      }
      live.dataset.refreshed = String((parseInt(live.dataset.refreshed || '0', 10)) + 1);
      status.textContent = live.dataset.updated + ' ' + new Date().toLocaleTimeString();
    }).catch(function () {
      status.textContent = live.dataset.failed;
    });
  }
  function start() { timer = window.setInterval(refresh, every); }
  pause.addEventListener('click', function () {
    if (timer) {
      window.clearInterval(timer);
      timer = null;
      pause.setAttribute('aria-pressed', 'true');
      pause.textContent = pause.dataset.resume;
    } else {
      refresh();
      start();
      pause.setAttribute('aria-pressed', 'false');
      pause.textContent = pause.dataset.pause;
    }
  });
  start();
}());
