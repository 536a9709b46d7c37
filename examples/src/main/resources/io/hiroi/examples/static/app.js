// Parley, the hiroi example app: the little JavaScript its pages use. Loaded with the CSP nonce.
'use strict';
document.addEventListener('DOMContentLoaded', function () {
  // A "copy" button beside a newly created API key (the key is shown once).
  var key = document.getElementById('new-key-value');
  if (key && navigator.clipboard) {
    var copy = document.createElement('button');
    copy.type = 'button';
    copy.className = 'small secondary';
    copy.textContent = 'Copy';
    copy.addEventListener('click', function () {
      navigator.clipboard.writeText(key.textContent).then(function () { copy.textContent = 'Copied'; });
    });
    key.insertAdjacentElement('afterend', copy);
  }
});
