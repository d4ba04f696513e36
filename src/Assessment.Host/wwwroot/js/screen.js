// The hall's big screen: follows the board's server-sent events (EventSource reconnects by itself and sends
// Last-Event-ID; the server answers a reconnect with the current board at once) and redraws without reload.
(function () {
    "use strict";
    var main = document.getElementById("main");
    var order = JSON.parse(document.getElementById("running-order").textContent);
    var tbody = document.querySelector("#board tbody");
    var live = document.getElementById("live");
    var version = Number(main.dataset.version);

    function cell(tag, cls, text) {
        var el = document.createElement(tag);
        if (cls) el.className = cls;
        if (tag === "th") el.scope = "row";
        el.textContent = text;
        return el;
    }
    function points(v) { return v === null || v === undefined ? "—" : Number.isInteger(v) ? v.toFixed(1) : String(v); }

    function draw(board) {
        var rows = board.contestants.slice().sort(function (a, b) {
            return (a.rank === null ? 1e9 : a.rank) - (b.rank === null ? 1e9 : b.rank);
        });
        var fragment = document.createDocumentFragment();
        rows.forEach(function (r) {
            var tr = document.createElement("tr");
            tr.dataset.village = r.village;
            tr.appendChild(cell("td", "num rank", r.rank === null ? "—" : String(r.rank)));
            tr.appendChild(cell("th", "", r.name));
            tr.appendChild(cell("td", "num final", points(r.final)));
            tr.appendChild(cell("td", "num judges", String(r.judges)));
            fragment.appendChild(tr);
        });
        tbody.replaceChildren(fragment);

        // On stage: the first contestant in running order that no judge has scored yet.
        var judged = {};
        board.contestants.forEach(function (r) { if (r.judges > 0) judged[r.village] = true; });
        var next = order.find(function (x) { return !judged[x.village]; });
        var stage = document.getElementById("on-stage");
        stage.replaceChildren();
        stage.dataset.village = next ? next.village : "";
        if (next) {
            stage.appendChild(cell("span", "stage-name", next.name));
            stage.appendChild(document.createTextNode(" "));
            stage.appendChild(cell("span", "stage-who", next.presenter + " · " + main.dataset.session.replace("{0}", next.session)));
        } else stage.textContent = main.dataset.done;
    }

    var source = new EventSource(main.dataset.events);
    source.addEventListener("scoreboard", function (event) {
        var id = Number(event.lastEventId);
        if (!isNaN(id) && id < version) return;
        version = id;
        draw(JSON.parse(event.data));
    });
    source.addEventListener("open", function () { live.classList.remove("offline"); });
    source.addEventListener("error", function () { live.classList.add("offline"); });
})();
