// The judge's tablet (评委平板): a sheet is kept in localStorage first, then sent as one idempotent PUT of the
// whole sheet; while the server cannot be reached it shows as waiting (待发送) and is sent again on `online`,
// every few seconds, and on every page load, until the server answers. A later edit of the same sheet replaces
// the queued one; a sheet leaves the queue only once the server has answered, so it is never lost.
(function () {
    "use strict";
    var KEY = "assessment.judge.queue";
    var RETRY_MS = 5000;
    var sending = false;

    function load() {
        try { return JSON.parse(localStorage.getItem(KEY) || "{}"); } catch (e) { return {}; }
    }
    function store(queue) { localStorage.setItem(KEY, JSON.stringify(queue)); }
    function token() {
        var input = document.querySelector("input[name=__RequestVerificationToken]");
        return input ? input.value : "";
    }

    var form = document.getElementById("sheet");
    var queueNote = document.getElementById("queue");

    function show(id, text) {
        var el = document.getElementById(id);
        if (!el) return;
        if (text === null) { el.hidden = true; return; }
        el.textContent = text;
        el.hidden = false;
    }

    function names() {
        var map = {};
        (form.dataset.names || "").split("|").forEach(function (pair) {
            var i = pair.indexOf("=");
            if (i > 0) map[pair.slice(0, i)] = pair.slice(i + 1);
        });
        return map;
    }

    // What the server stored, in the words of the page.
    function showSaved(sheet) {
        var map = names(), parts = [];
        Object.keys(map).forEach(function (code) {
            if (sheet.criteria && code in sheet.criteria) parts.push(map[code] + " " + sheet.criteria[code]);
        });
        var el = document.getElementById("saved");
        el.textContent = "";
        var p = document.createElement("p");
        var strong = document.createElement("strong");
        strong.textContent = form.dataset.saved;
        p.appendChild(strong);
        p.appendChild(document.createTextNode(" · " + form.dataset.stored));
        var stored = document.createElement("span");
        stored.className = "stored";
        stored.textContent = parts.join(", ");
        p.appendChild(stored);
        p.appendChild(document.createTextNode(" · " + form.dataset.totalWord + " "));
        var total = document.createElement("strong");
        total.className = "stored-total";
        total.textContent = Number.isInteger(sheet.total) ? sheet.total.toFixed(1) : String(sheet.total);
        p.appendChild(total);
        el.appendChild(p);
        el.hidden = false;
    }

    function refreshNote(queue) {
        var waiting = Object.keys(queue).length;
        if (queueNote) {
            if (waiting === 0) queueNote.hidden = true;
            else { queueNote.textContent = "待发送 " + waiting + " 份评分表（Waiting to send " + waiting + "）"; queueNote.hidden = false; }
        }
        if (form) {
            var mine = queue[form.dataset.competition + "/" + form.dataset.village];
            if (mine) { show("waiting", form.dataset.waiting); show("saved", null); }
            else show("waiting", null);
        }
    }

    // Sends every queued sheet once; stops at the first that cannot reach the server (the rest wait with it).
    async function flush() {
        if (sending) return;
        sending = true;
        try {
            var queue = load();
            for (var key of Object.keys(queue)) {
                var item = queue[key];
                var response;
                try {
                    response = await fetch(item.url, {
                        method: "PUT",
                        credentials: "same-origin",
                        headers: { "Content-Type": "application/json", "RequestVerificationToken": token() },
                        body: JSON.stringify({ criteria: item.criteria })
                    });
                } catch (e) {
                    break; // unreachable: keep it, try again later
                }
                if (response.status >= 500 || response.status === 408 || response.status === 429) break;
                var body = null;
                try { body = await response.json(); } catch (e) { body = null; }
                // Answered: leave the queue unless a newer edit replaced it meanwhile.
                var now = load();
                if (now[key] && now[key].at === item.at) { delete now[key]; store(now); }
                if (form && key === form.dataset.competition + "/" + form.dataset.village) {
                    if (response.ok && body) { show("sheet-error", null); showSaved(body); }
                    else {
                        var text = body && body.detail ? body.detail : ("HTTP " + response.status);
                        if (body && body.errors) text += " " + body.errors.map(function (e) { return e.message; }).join("; ");
                        show("sheet-error", text);
                    }
                }
            }
        } finally {
            sending = false;
            refreshNote(load());
        }
    }

    function total() {
        var sum = 0;
        form.querySelectorAll("input[data-max]").forEach(function (input) {
            var v = parseFloat((input.value || "").replace(",", "."));
            if (!isNaN(v)) sum += Math.round(v * 10);
        });
        document.getElementById("total").textContent = (sum / 10).toFixed(1);
    }

    if (form) {
        form.addEventListener("input", total);
        form.addEventListener("submit", function (event) {
            if (!form.checkValidity()) return; // the browser names the bad field
            event.preventDefault();
            var criteria = {};
            form.querySelectorAll("input[data-max]").forEach(function (input) {
                criteria[input.name.replace(/^criteria\./, "")] = parseFloat(input.value.replace(",", "."));
            });
            var queue = load();
            queue[form.dataset.competition + "/" + form.dataset.village] = { url: form.dataset.send, criteria: criteria, at: Date.now() };
            store(queue);
            show("saved", null);
            show("sheet-error", null);
            refreshNote(queue);
            flush();
        });
        total();
    }

    window.addEventListener("online", flush);
    setInterval(flush, RETRY_MS);
    refreshNote(load());
    flush();
})();
