// Draws the report pages' charts with ECharts (SVG): each <figure data-chart="id"> reads its numbers from
// <script type="application/json" id="id">. The same numbers are in a table beside it, so without script
// nothing is lost but the picture.
(function () {
    'use strict';
    if (!window.echarts) return;

    var font = getComputedStyle(document.body).fontFamily;

    function option(data) {
        var base = { textStyle: { fontFamily: font }, animation: false, tooltip: {}, legend: { bottom: 0 } };
        if (data.kind === 'donut') {
            base.tooltip = { trigger: 'item', formatter: '{b}: {c} ({d}%)' };
            base.series = [{
                type: 'pie', radius: ['35%', '60%'], center: ['50%', '45%'], percentPrecision: 1,
                label: { formatter: '{b}\n{d}%', alignTo: 'edge', edgeDistance: 8, lineHeight: 16 },
                data: data.series.map(function (s) { return { name: s.name, value: s.value, itemStyle: { color: s.color } }; })
            }];
            return base;
        }
        base.tooltip = { trigger: 'axis' };
        base.grid = { left: 48, right: 16, top: 24, bottom: 64, containLabel: true };
        base.xAxis = { type: 'category', data: data.categories, axisLabel: { interval: 0, rotate: data.categories.length > 8 ? 30 : 0 } };
        base.yAxis = { type: 'value', axisLabel: { formatter: data.percent ? '{value}%' : '{value}' } };
        base.series = data.series.map(function (s) {
            return data.kind === 'line'
                ? { type: 'line', name: s.name, data: s.values, itemStyle: { color: s.color }, lineStyle: { color: s.color, width: 3 }, symbolSize: 8, label: { show: true, formatter: '{c}%' } }
                : { type: 'bar', stack: 'tiers', name: s.name, data: s.values, itemStyle: { color: s.color } };
        });
        return base;
    }

    document.querySelectorAll('figure[data-chart]').forEach(function (figure) {
        var source = document.getElementById(figure.getAttribute('data-chart'));
        var box = figure.querySelector('.chart');
        if (!source || !box) return;
        var chart = echarts.init(box, null, { renderer: 'svg' });
        chart.setOption(option(JSON.parse(source.textContent)));
        figure.classList.add('drawn');
        window.addEventListener('resize', function () { chart.resize(); });
    });
})();
