// Appended to a report_html.py page of Inputs/hand by interact.test: uses
// the page as a reader would (filter box, status menu, column sorting, a
// click on a row, the variant buttons, a second click) and writes what the
// page then shows into <pre id="res">, one line per step.
(function () {
  var out = [];
  function visible() {
    return Array.prototype.filter.call(document.querySelectorAll('#rows tr.coro'), function (t) {
      return t.style.display !== 'none';
    }).map(function (t) { return t.dataset.mangled; }).join(' ');
  }
  function input(el, v, ev) { el.value = v; el.dispatchEvent(new Event(ev)); }
  var f = document.getElementById('filter'), st = document.getElementById('status');
  out.push('START ' + visible() + ' | ' + document.getElementById('shown').textContent);
  input(f, 'BAZ', 'input');
  out.push('FILTER BAZ: ' + visible() + ' | ' + document.getElementById('shown').textContent);
  input(f, 'int', 'input');
  out.push('FILTER int: ' + visible());
  input(f, '', 'input');
  input(st, 'packed', 'change');
  out.push('STATUS packed: ' + visible());
  input(st, 'left', 'change');
  out.push('STATUS left: ' + visible());
  input(st, 'all', 'change');
  var old = document.querySelector('#coros th[data-k="old"]');
  old.click();
  out.push('SORT old: ' + visible());
  old.click();
  out.push('SORT old again: ' + visible());
  document.querySelector('#coros th[data-k="name"]').click();
  out.push('SORT name: ' + visible());
  var foo = document.querySelector('#rows tr.coro[data-mangled="_Z3fooi"]');
  foo.click();
  var det = document.querySelector('#rows tr.details');
  out.push('CLICK: details of ' + det.dataset.mangled + ' after ' +
           det.previousElementSibling.dataset.mangled + ', hash ' + location.hash);
  det.querySelectorAll('.variants button')[1].click();
  out.push('VARIANT 2: ' + det.querySelectorAll('.dh')[1].textContent + ' | ' +
           det.querySelectorAll('table.slots tr.slot').length + ' slots, ' +
           det.querySelectorAll('svg rect.sl').length + ' boxes');
  foo.click();
  out.push('CLICK again: details shown ' + (det.style.display !== 'none') + ', hash "' +
           location.hash + '"');
  var pre = document.createElement('pre');
  pre.id = 'res';
  pre.textContent = out.join('\n');
  document.body.appendChild(pre);
})();
