/**
 * Progressive enhancement: adds the viewer's local time next to each time shown in the
 * page's zone, when the two zones differ. The page is complete without it.
 */
export const LOCAL_TIME_SCRIPT = `(function () {
  var viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var pageZone = document.documentElement.getAttribute('data-time-zone');
  if (!viewerZone || viewerZone === pageZone) return;
  var format = new Intl.DateTimeFormat(undefined, {
    day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short'
  });
  document.querySelectorAll('time[data-local]').forEach(function (element) {
    var instant = new Date(element.getAttribute('datetime'));
    if (isNaN(instant.getTime())) return;
    var local = document.createElement('span');
    local.className = 'local-time';
    local.textContent = ' (' + format.format(instant) + ' your time)';
    element.after(local);
  });
  var note = document.querySelector('[data-viewer-zone]');
  if (note) note.textContent = ' Times in parentheses are in your time zone, ' + viewerZone + '.';
})();
`;
