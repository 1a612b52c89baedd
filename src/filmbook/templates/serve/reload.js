// filmbook serve: reload this page when the preview changes.
//
// The server sends the preview's version as a Server-Sent Event when the page connects
// and again whenever the source, its press material, a stylesheet or a template changes.
// The page knows the version it was made from (data-version); any other means it is out
// of date. The scroll position is kept across the reload, so an edit near the end of the
// press kit stays in view.
(() => {
  const script = document.currentScript;
  const version = script.dataset.version;
  const key = `filmbook-scroll:${location.pathname}`;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    addEventListener("load", () => scrollTo(0, Number(saved)));
  }
  const events = new EventSource(script.dataset.events);
  events.onmessage = (event) => {
    if (event.data !== version) {
      events.close();
      sessionStorage.setItem(key, String(scrollY));
      location.reload();
    }
  };
})();
