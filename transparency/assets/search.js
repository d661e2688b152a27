// Search over the transparency site's directory, in the browser, from the static index beside the page (MiniSearch).
// Progressive enhancement only: the search form stays hidden without JavaScript, and the page lists everything anyway.
(() => {
  const section = document.getElementById("search");
  const data = window.edsSearch;
  if (!section || !data || !window.MiniSearch) return;
  const index = window.MiniSearch.loadJS(data.index, data.options);
  const input = section.querySelector("input");
  const results = section.querySelector("[data-results]");
  const show = () => {
    results.replaceChildren();
    const query = input.value.trim();
    if (query === "") return;
    const found = index.search(query, { prefix: true, fuzzy: 0.2 });
    if (found.length === 0) {
      results.textContent = section.dataset.none;
      return;
    }
    const list = document.createElement("ul");
    for (const hit of found) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = hit.url;
      link.textContent = hit.title;
      item.append(link, ` (${hit.region})`);
      list.append(item);
    }
    results.append(list);
  };
  section.querySelector("form").addEventListener("submit", (event) => {
    event.preventDefault();
    show();
  });
  input.addEventListener("input", show);
  section.hidden = false;
})();
